import { lifetimes, type Lifetime, type PlanGraph } from './plan-graph.js';

/** The bytes alive at each step of an execution order, without listing the buffers. */
export interface WorkingSet {
  /** Per step of the order: the operator's inputs and outputs plus every buffer kept for later, bytes. */
  readonly bytes: readonly number[];
  /** Largest of `bytes` (0 for a graph without operators). */
  readonly peakBytes: number;
  /** First step at the peak (-1 without operators). */
  readonly peakStep: number;
}

/**
 * The working set per step (MISSION.md's peak-memory definition) in one pass over the lifetimes: each buffer adds
 * its bytes from its first to its last step. What the search needs of the memory plan, at a fraction of the
 * timeline's cost; `peakMemory` reads its bytes from here.
 */
export function workingSet(graph: PlanGraph, order: readonly number[] = graph.ops.map((_, i) => i), spans: readonly Lifetime[] = lifetimes(graph, order)): WorkingSet {
  const steps = order.length;
  const delta = new Float64Array(steps + 1);
  for (const s of spans) {
    if (s.first >= steps) continue;
    delta[Math.max(s.first, 0)]! += s.bytes;
    delta[Math.min(s.last, steps - 1) + 1]! -= s.bytes;
  }
  const bytes = new Array<number>(steps);
  let running = 0;
  let peakBytes = 0;
  let peakStep = -1;
  for (let step = 0; step < steps; step++) {
    running += delta[step]!;
    bytes[step] = running;
    if (peakStep === -1 || running > peakBytes) {
      peakBytes = running;
      peakStep = step;
    }
  }
  return { bytes, peakBytes, peakStep };
}
