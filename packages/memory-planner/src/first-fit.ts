/**
 * TFLM's gap search, the core of its GreedyMemoryPlanner: buffers are taken in `order`; a buffer with a fixed offset
 * keeps it, every other goes into the lowest gap between the buffers already placed that are alive at a step it is
 * alive at (lifetimes are inclusive step ranges, `first` ≥ -1). Offsets are returned per buffer index.
 *
 * The placed buffers alive with a new one are gathered step by step (a linked list per step, in typed arrays) rather
 * than by scanning every buffer placed, so a model's hundreds of short-lived buffers cost little; the gap search then
 * walks them in offset order, which gives TFLM's result whatever the order among equal offsets.
 */
export function firstFitOffsets(
  size: ArrayLike<number>,
  first: ArrayLike<number>,
  last: ArrayLike<number>,
  order: readonly number[],
  fixed?: (index: number) => number | undefined,
): Float64Array {
  const n = size.length;
  let steps = 0;
  let entries = 0;
  for (let i = 0; i < n; i++) {
    steps = Math.max(steps, last[i]! + 2);
    entries += Math.max(0, last[i]! - first[i]! + 1);
  }
  // per step, the buffers placed so far that are alive then: head[step] → entry → next entry …
  const head = new Int32Array(steps).fill(-1);
  const next = new Int32Array(entries);
  const bufferOf = new Int32Array(entries);
  let used = 0;
  const seen = new Int32Array(n).fill(-1);
  const offset = new Float64Array(n);
  const alive = new Int32Array(n);
  for (let k = 0; k < order.length; k++) {
    const index = order[k]!;
    const from = first[index]! + 1;
    const to = last[index]! + 1;
    let candidate = fixed?.(index);
    if (candidate === undefined) {
      candidate = 0;
      let count = 0;
      for (let t = from; t <= to; t++) {
        for (let e = head[t]!; e !== -1; e = next[e]!) {
          const other = bufferOf[e]!;
          if (seen[other] === k) continue;
          seen[other] = k;
          // insertion into `alive`, sorted by offset
          const at = offset[other]!;
          let j = count - 1;
          while (j >= 0 && offset[alive[j]!]! > at) {
            alive[j + 1] = alive[j]!;
            j--;
          }
          alive[j + 1] = other;
          count++;
        }
      }
      const need = size[index]!;
      for (let j = 0; j < count; j++) {
        const other = alive[j]!;
        if (offset[other]! - candidate >= need) break;
        candidate = Math.max(candidate, offset[other]! + size[other]!);
      }
    }
    offset[index] = candidate;
    for (let t = from; t <= to; t++) {
      bufferOf[used] = index;
      next[used] = head[t]!;
      head[t] = used++;
    }
  }
  return offset;
}
