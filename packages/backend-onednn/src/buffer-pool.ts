/**
 * Output memory of the native kernels, recycled: a training step allocates the same tensor sizes every step, and
 * fresh `Float32Array`s cost page faults and (through V8's external-memory accounting) frequent full garbage
 * collections. An array goes back to the pool only when the backend frees its tensor and nothing else can see it:
 * arrays handed to the user (`dataSync`, `data`) and arrays another kernel's output aliases (a CPU kernel's
 * `subarray` slice) are released to the garbage collector instead.
 */
// a Set, not a WeakSet: the backend's storage holds these arrays anyway, and ephemerons slow every garbage collection
const owned = new Set<Float32Array>();
const free = new Map<number, Float32Array[]>();
let pooledBytes = 0;

/** Pooled bytes beyond which freed arrays are left to the garbage collector. */
const MAX_POOLED_BYTES = 512 * 1024 * 1024;

/** An array of `length` floats for a kernel's output, not zeroed (every native kernel writes its whole output). */
export function alloc(length: number): Float32Array {
  const list = free.get(length);
  const reused = list?.pop();
  const a = reused ?? new Float32Array(length);

  if (reused) pooledBytes -= a.byteLength;
  owned.add(a);
  return a;
}

/** The tensor owning `a` was freed: keep `a` for a later {@link alloc} if the pool gave it out and still owns it. */
export function release(a: unknown): void {
  if (!(a instanceof Float32Array) || !owned.has(a)) return;
  owned.delete(a);
  if (pooledBytes + a.byteLength > MAX_POOLED_BYTES) return;
  const list = free.get(a.length);
  if (list) list.push(a);
  else free.set(a.length, [a]);
  pooledBytes += a.byteLength;
}

/** Someone else may hold `a` (or a view of its memory) from now on: never recycle it. */
export function disown(a: unknown): void {
  if (a instanceof Float32Array) owned.delete(a);
}

/** Whether `a` is pool memory still owned by its tensor. */
export const isOwned = (a: unknown): a is Float32Array => a instanceof Float32Array && owned.has(a);

/** Drop every pooled array (the memory goes back through the garbage collector). */
export function drainPool(): void {
  free.clear();
  pooledBytes = 0;
}
