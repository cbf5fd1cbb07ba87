/** A buffer the planner must place: an activation tensor, or several tensors sharing one buffer. */
export interface PlanTensor {
  readonly id: string;
  /** Bytes of the buffer. */
  readonly bytes: number;
}

/** One operator as deployed (after fusion), reading and writing buffers by id. */
export interface PlanOp {
  readonly name: string;
  /** Deployed op kind, e.g. `conv2d+batchNorm+relu`. */
  readonly type: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Window geometry of conv / depthwise ops (for kernel scratch buffers and per-channel data). */
  readonly kernel?: KernelGeometry;
}

/** What a kernel library needs to know about a conv or depthwise conv to size its buffers. */
export interface KernelGeometry {
  readonly op: 'conv2d' | 'depthwiseConv2d';
  readonly kh: number;
  readonly kw: number;
  readonly cin: number;
  readonly cout: number;
  readonly strides: readonly [number, number];
  readonly padding: 'same' | 'valid';
  readonly inputHW: readonly [number, number];
}

/**
 * What the planner works on: operators in their default execution order and the activation
 * buffers between them (weights are not planned). Graph inputs live from the start, outputs to the end.
 */
export interface PlanGraph {
  readonly name: string;
  readonly tensors: Readonly<Record<string, PlanTensor>>;
  readonly ops: readonly PlanOp[];
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/** Per buffer: the first and last operator index (in a given order) at which it must exist. */
export interface Lifetime {
  readonly id: string;
  readonly bytes: number;
  readonly first: number;
  readonly last: number;
}

/** Lifetimes of every buffer for an execution order (indices into `order`, default: listed order). */
export function lifetimes(graph: PlanGraph, order: readonly number[] = graph.ops.map((_, i) => i)): Lifetime[] {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  for (const t of graph.inputs) first.set(t, 0);
  for (let time = 0; time < order.length; time++) {
    const op = graph.ops[order[time]!]!;
    for (const t of op.outputs) if (!first.has(t)) first.set(t, time);
    // times only grow, so the last use is the latest time seen
    for (const t of op.inputs) last.set(t, time);
    for (const t of op.outputs) last.set(t, time);
  }
  const end = Math.max(order.length - 1, 0);
  for (const t of graph.outputs) last.set(t, end);
  const out: Lifetime[] = [];
  for (const id in graph.tensors) {
    const t = graph.tensors[id]!;
    const f = first.get(t.id);
    if (f === undefined) continue;
    out.push({ id: t.id, bytes: t.bytes, first: f, last: last.get(t.id) ?? f });
  }
  return out;
}

/** True when `order` lists every op once and runs each after the producers of its inputs. */
export function isValidOrder(graph: PlanGraph, order: readonly number[]): boolean {
  if (order.length !== graph.ops.length || new Set(order).size !== order.length) return false;
  const ready = new Set(graph.inputs);
  for (const i of order) {
    const op = graph.ops[i];
    if (!op || op.inputs.some((t) => !ready.has(t))) return false;
    op.outputs.forEach((t) => ready.add(t));
  }
  return true;
}
