import type { PlanGraph } from './plan-graph.js';
import { peakMemory } from './peak.js';

/** A memory-minimizing operator order and how it was found. */
export interface ReorderResult {
  /** Operator indices in execution order. */
  readonly order: readonly number[];
  readonly peakBytes: number;
  /** Peak of the graph's listed order, for comparison. */
  readonly defaultPeakBytes: number;
  /** `exact`: proven minimal over all topological orders; `heuristic`: the state bound was hit. */
  readonly method: 'exact' | 'heuristic';
  /** Search states visited. */
  readonly states: number;
}

export interface ReorderOptions {
  /** Largest number of search states before falling back to the heuristic. @default 200000 */
  readonly maxStates?: number;
}

interface Model {
  readonly n: number;
  readonly bytes: number[]; // per buffer
  readonly produces: number[][]; // op → buffers it creates
  readonly reads: number[][]; // op → buffers it reads or writes
  readonly users: number[][]; // buffer → ops using it
  readonly deps: number[][]; // op → ops it depends on
  readonly pinned: boolean[]; // graph outputs: alive to the end
  readonly initial: number[]; // graph inputs
}

function model(graph: PlanGraph): Model {
  const ids = Object.keys(graph.tensors);
  const index = new Map(ids.map((id, i) => [id, i]));
  const producer = new Map<number, number>();
  const produces = graph.ops.map((op, o) => op.outputs.map((t) => index.get(t)!).filter((b) => !producer.has(b) && producer.set(b, o)));
  const users: number[][] = ids.map(() => []);
  const reads = graph.ops.map((op, o) => {
    const list = [...new Set([...op.inputs, ...op.outputs].map((t) => index.get(t)!))];
    list.forEach((b) => users[b]!.push(o));
    return list;
  });
  const deps = graph.ops.map((op) => [...new Set(op.inputs.map((t) => producer.get(index.get(t)!)).filter((p): p is number => p !== undefined))]);
  const pinned = ids.map((id) => graph.outputs.includes(id));
  return { n: graph.ops.length, bytes: ids.map((id) => graph.tensors[id]!.bytes), produces, reads, users, deps, pinned, initial: graph.inputs.map((t) => index.get(t)!) };
}

/** Bytes alive while op `o` runs after the ops in `done` (a bitmask as a bigint). */
function stepBytes(m: Model, done: bigint, o: number): number {
  let total = 0;
  const alive = new Set<number>(m.initial);
  for (let p = 0; p < m.n; p++) if (done & (1n << BigInt(p))) m.produces[p]!.forEach((b) => alive.add(b));
  m.produces[o]!.forEach((b) => alive.add(b));
  const after = done | (1n << BigInt(o));
  for (const b of alive) {
    const needed = m.pinned[b] || m.reads[o]!.includes(b) || m.users[b]!.some((u) => !(after & (1n << BigInt(u))));
    if (needed) total += m.bytes[b]!;
  }
  return total;
}

const ready = (m: Model, done: bigint, o: number): boolean => !(done & (1n << BigInt(o))) && m.deps[o]!.every((d) => done & (1n << BigInt(d)));

/**
 * Find the operator order with the smallest peak memory. Exact: memoized search over the sets of
 * executed operators (every topological order is covered), bounded by `maxStates`; beyond that, a
 * greedy order that always runs the ready operator with the smallest working set.
 */
export function optimalOrder(graph: PlanGraph, options: ReorderOptions = {}): ReorderResult {
  const m = model(graph);
  const maxStates = options.maxStates ?? 200_000;
  const full = (1n << BigInt(m.n)) - 1n;
  const memo = new Map<bigint, { peak: number; next: number }>();
  let overflow = false;

  const solve = (done: bigint): number => {
    if (done === full) return 0;
    const hit = memo.get(done);
    if (hit) return hit.peak;
    if (memo.size >= maxStates) {
      overflow = true;
      return Number.POSITIVE_INFINITY;
    }
    let best = { peak: Number.POSITIVE_INFINITY, next: -1 };
    for (let o = 0; o < m.n; o++) {
      if (!ready(m, done, o)) continue;
      const here = stepBytes(m, done, o);
      if (here >= best.peak) continue;
      const peak = Math.max(here, solve(done | (1n << BigInt(o))));
      if (peak < best.peak) best = { peak, next: o };
      if (overflow) break;
    }
    memo.set(done, best);
    return best.peak;
  };

  const defaultPeak = peakMemory(graph).peakBytes;
  solve(0n);
  if (!overflow) {
    const order: number[] = [];
    for (let done = 0n; done !== full; ) {
      const next = memo.get(done)!.next;
      order.push(next);
      done |= 1n << BigInt(next);
    }
    const peakBytes = peakMemory(graph, order).peakBytes;
    if (peakBytes <= defaultPeak) return { order, peakBytes, defaultPeakBytes: defaultPeak, method: 'exact', states: memo.size };
  }
  return heuristic(graph, m, defaultPeak, memo.size);
}

function heuristic(graph: PlanGraph, m: Model, defaultPeak: number, states: number): ReorderResult {
  const order: number[] = [];
  let done = 0n;
  while (order.length < m.n) {
    let pick = -1;
    let pickBytes = Number.POSITIVE_INFINITY;
    for (let o = 0; o < m.n; o++) {
      if (!ready(m, done, o)) continue;
      const bytes = stepBytes(m, done, o);
      if (bytes < pickBytes) [pick, pickBytes] = [o, bytes];
    }
    order.push(pick);
    done |= 1n << BigInt(pick);
  }
  const peakBytes = peakMemory(graph, order).peakBytes;
  // Never report a worse order than the one given.
  if (peakBytes > defaultPeak) return { order: graph.ops.map((_, i) => i), peakBytes: defaultPeak, defaultPeakBytes: defaultPeak, method: 'heuristic', states };
  return { order, peakBytes, defaultPeakBytes: defaultPeak, method: 'heuristic', states };
}
