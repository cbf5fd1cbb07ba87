import { mulberry32 as seeded } from '@cnn-analyzer/arch-spec';

/** A seeded uniform [0, 1) generator (mulberry32): same seed, same sequence, on every platform. */
export type Random = () => number;

/** mulberry32 seeded by a 32-bit integer (arch-spec's). */
export const mulberry32: (seed: number) => Random = seeded;

/** FNV-1a 32-bit hash of a string. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A generator for one purpose of one epoch: depends only on (seed, epoch, purpose), so a resumed run draws the same numbers. */
export function streamFor(seed: number, epoch: number, purpose: string): Random {
  return mulberry32(hash32(`${seed}/${epoch}/${purpose}`));
}

/** Fisher–Yates shuffle of 0..n-1. */
export function permutation(n: number, random: Random): Uint32Array {
  const p = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/**
 * Run `fn` with `Math.random` replaced by a seeded generator: tfjs draws unseeded dropout masks from
 * `Math.random`, so this makes a training step reproducible.
 */
export function withSeededMathRandom<T>(random: Random, fn: () => T): T {
  const original = Math.random;
  Math.random = random;
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}
