/**
 * A small seeded PRNG (mulberry32): the same 32-bit seed gives the same sequence in [0, 1) on every platform.
 * The one generator behind the project's seeded inputs, scenes, fuzzing, search exploration and training draws.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
