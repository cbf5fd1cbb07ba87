import { lifetimes, type PlanGraph } from './plan-graph.js';
import { workingSet } from './working-set.js';

/** What is alive while one operator runs. */
export interface TimelineEntry {
  /** Position in the execution order. */
  readonly step: number;
  readonly operator: string;
  readonly type: string;
  /** Buffers alive at this step (inputs, outputs and everything kept for later operators). */
  readonly live: readonly { readonly id: string; readonly bytes: number }[];
  /** Sum of `live`, bytes. */
  readonly bytes: number;
}

/** Peak memory of one execution order. */
export interface PeakResult {
  /** Largest working set over the operators, bytes (int8: 1 byte per element unless asked otherwise). */
  readonly peakBytes: number;
  /** Name of the first operator at the peak. */
  readonly peakOperator: string;
  readonly order: readonly number[];
  readonly timeline: readonly TimelineEntry[];
}

/**
 * Peak memory by MISSION.md's definition: over the operators in execution order, the largest sum
 * of the operator's input and output buffers plus every other buffer still needed later.
 */
export function peakMemory(graph: PlanGraph, order: readonly number[] = graph.ops.map((_, i) => i)): PeakResult {
  const spans = lifetimes(graph, order);
  const set = workingSet(graph, order, spans);
  const timeline: TimelineEntry[] = order.map((opIndex, step) => {
    const op = graph.ops[opIndex]!;
    const live = spans.filter((s) => s.first <= step && step <= s.last).map((s) => ({ id: s.id, bytes: s.bytes }));
    return { step, operator: op.name, type: op.type, live, bytes: set.bytes[step]! };
  });
  const peak = set.peakStep >= 0 ? timeline[set.peakStep] : undefined;
  return { peakBytes: peak?.bytes ?? 0, peakOperator: peak?.operator ?? '', order: [...order], timeline };
}
