import { alignUp, TFLM_BUFFER_ALIGNMENT } from './greedy-arena.js';
import { firstFitOffsets } from './first-fit.js';
import { tensorBytes, type TflmModelDescription } from './tflm-model.js';

/** A buffer as TFLM's `AllocationInfoBuilder` hands it to the memory planner. */
export interface TflmBuffer {
  /** Tensor index, or `scratch:<n>` for the n-th scratch buffer request. */
  readonly id: string;
  /** Requested bytes (before 16-byte alignment). */
  readonly bytes: number;
  /** Allocation scopes: 0 = subgraph inputs, i + 1 = operator i. */
  readonly first: number;
  readonly last: number;
  /** Offline offset from the file's `OfflineMemoryAllocation`, bytes; absent = planned online. */
  readonly offlineOffset?: number;
}

/** A scratch buffer a kernel requested in `Prepare` (`RequestScratchBufferInArena`). */
export interface ScratchRequest {
  readonly operator: number;
  readonly bytes: number;
}

/**
 * The buffers TFLM plans, in its order of addition: every tensor that has no data, is not a
 * variable and has a non-zero size (tensor index order), then the scratch requests. Lifetimes
 * follow `AllocationInfoBuilder::MarkAllocationLifetimes`.
 */
export function tflmBuffers(desc: TflmModelDescription, scratch: readonly ScratchRequest[] = []): TflmBuffer[] {
  const first = new Array<number>(desc.tensors.length).fill(-1);
  const last = new Array<number>(desc.tensors.length).fill(-1);
  const create = (t: number, scope: number): void => {
    if (first[t] === -1) first[t] = scope;
  };
  for (const t of desc.inputs) {
    create(t, 0);
    last[t] = 0;
  }
  desc.operators.forEach((op, i) => {
    const scope = i + 1;
    for (const t of op.outputs) create(t, scope);
    for (const t of op.inputs) if (t >= 0) last[t] = scope;
    for (const t of op.outputs) last[t] = scope;
  });
  const end = desc.operators.length;
  for (const t of desc.outputs) {
    create(t, end);
    last[t] = end;
  }
  const out: TflmBuffer[] = [];
  desc.tensors.forEach((t, i) => {
    const bytes = tensorBytes(t);
    const offline = desc.offlineOffsets?.[i];
    const planned = !t.constant && !t.variable && bytes !== 0;
    const offlineVariable = t.variable && offline !== undefined && offline !== -1;
    if (!planned && !offlineVariable) return;
    out.push(offline !== undefined && offline !== -1 ? { id: String(i), bytes, first: first[i]!, last: last[i]!, offlineOffset: offline } : { id: String(i), bytes, first: first[i]!, last: last[i]! });
  });
  scratch.forEach((s, n) => out.push({ id: `scratch:${n}`, bytes: s.bytes, first: s.operator + 1, last: s.operator + 1 }));
  return out;
}

/** Where TFLM's planner put each buffer, and the head it reserves. */
export interface TflmPlan {
  readonly offsets: ReadonlyMap<string, number>;
  /** `GetMaximumMemorySize()`: the highest offset + aligned size, bytes. */
  readonly headBytes: number;
}

/**
 * TFLM's `GreedyMemoryPlanner` with offline support: offline-planned buffers keep their offsets
 * (in order of addition), the others are taken largest first (a stable sort over the reverse order
 * of addition) and placed first-fit against simultaneously live buffers, in offset order.
 */
export function tflmPlan(buffers: readonly TflmBuffer[], alignment = TFLM_BUFFER_ALIGNMENT): TflmPlan {
  const { offset, headBytes } = placeTflmBuffers(buffers, alignment);
  return { offsets: new Map(buffers.map((b, i) => [b.id, offset[i]!])), headBytes };
}

/** {@link tflmPlan}'s offsets per buffer index and its head, bytes. */
export function placeTflmBuffers(buffers: readonly TflmBuffer[], alignment = TFLM_BUFFER_ALIGNMENT): { readonly offset: Float64Array; readonly headBytes: number } {
  const n = buffers.length;
  const size = new Float64Array(n);
  const first = new Int32Array(n);
  const last = new Int32Array(n);
  const offline: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = buffers[i]!;
    size[i] = alignUp(b.bytes, alignment);
    first[i] = b.first;
    last[i] = b.last;
    if (b.offlineOffset !== undefined) offline.push(i);
  }
  // largest first; equal sizes in reverse order of addition (TFLM's stable sort over the reversed list): one numeric
  // key per buffer, -(size·(n+1) + index), sorted ascending
  const keys = new Float64Array(n - offline.length);
  let k = 0;
  for (let i = 0; i < n; i++) if (buffers[i]!.offlineOffset === undefined) keys[k++] = -(size[i]! * (n + 1) + i);
  keys.sort();
  const order = [...offline];
  for (const key of keys) order.push(-key % (n + 1));
  const offset = firstFitOffsets(size, first, last, order, offline.length > 0 ? (i) => buffers[i]!.offlineOffset : undefined);
  let headBytes = 0;
  for (let i = 0; i < n; i++) headBytes = Math.max(headBytes, offset[i]! + size[i]!);
  return { offset, headBytes };
}
