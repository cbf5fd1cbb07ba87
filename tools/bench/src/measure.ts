/** One figure printed by `npm run bench`. */
export interface BenchResult {
  readonly bench: string;
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  /** Optional note, e.g. the ratio to a baseline measured in the same run. */
  readonly note?: string;
}

/** Run `fn` repeatedly for at least `minMs` and return operations per second. */
export function opsPerSecond(fn: () => void, minMs = 500): number {
  fn(); // warm-up
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    n++;
    elapsed = performance.now() - start;
  }
  return (n * 1000) / elapsed;
}

/** Milliseconds of one call (median of `runs`). */
export function medianMs(fn: () => void, runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
