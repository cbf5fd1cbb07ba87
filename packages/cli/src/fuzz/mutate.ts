import { mulberry32 } from '@cnn-analyzer/arch-spec';

/** The seeded PRNG of the fuzzer: the same seed gives the same mutated files on every machine. */
export const prng = mulberry32;

/** Values that break length and offset fields most often: 0, ±1, sign bits and the extremes of each width. */
const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0x10];
const INTERESTING_32 = [0, 1, -1, 0x7fffffff, -0x80000000, 0xffff, 0x10000, 0x100, 4, 8, 16];

/**
 * Where a mutation lands: half uniformly in the file, half in its first or last 4 KB, where a `.tflite` keeps
 * its root table, vtables, offsets and most of its metadata (weights fill the middle and change nothing there).
 */
function position(len: number, r: () => number): number {
  const u = r();
  if (u < 0.5 || len <= 8192) return Math.floor(r() * len);
  return u < 0.75 ? Math.floor(r() * Math.min(4096, len)) : len - 1 - Math.floor(r() * Math.min(4096, len));
}

/** The kinds of damage a case may do, each the way a fuzzer (AFL-style havoc) does it. */
export const MUTATIONS = ['bit flip', 'byte set', 'int32 set', 'block copy', 'block zero', 'truncate', 'extend', 'splice'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/**
 * One mutated copy of `source`: 1–8 stacked mutations chosen by `r`. `other` is a second file whose bytes a
 * splice brings in. Returns the bytes and the mutations applied.
 */
export function mutate(source: Uint8Array, r: () => number, other: Uint8Array = source): { bytes: Uint8Array; applied: Mutation[] } {
  let b = Uint8Array.from(source);
  const applied: Mutation[] = [];
  const rounds = 1 + Math.floor(r() * 8);
  for (let i = 0; i < rounds && b.length > 0; i++) {
    const kind = MUTATIONS[Math.floor(r() * MUTATIONS.length)]!;
    applied.push(kind);
    const at = position(b.length, r);
    switch (kind) {
      case 'bit flip':
        b[at] = b[at]! ^ (1 << Math.floor(r() * 8));
        break;
      case 'byte set':
        b[at] = r() < 0.5 ? INTERESTING[Math.floor(r() * INTERESTING.length)]! : Math.floor(r() * 256);
        break;
      case 'int32 set': {
        const aligned = at - (at % 4);
        if (aligned + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setInt32(aligned, INTERESTING_32[Math.floor(r() * INTERESTING_32.length)]!, true);
        break;
      }
      case 'block copy': {
        const n = 1 + Math.floor(r() * 64);
        const from = position(b.length, r);
        b.copyWithin(at, from, Math.min(b.length, from + n));
        break;
      }
      case 'block zero':
        b.fill(0, at, Math.min(b.length, at + 1 + Math.floor(r() * 64)));
        break;
      case 'truncate':
        b = b.slice(0, at);
        break;
      case 'extend': {
        const grown = new Uint8Array(b.length + 1 + Math.floor(r() * 256));
        grown.set(b);
        for (let k = b.length; k < grown.length; k++) grown[k] = Math.floor(r() * 256);
        b = grown;
        break;
      }
      case 'splice': {
        const cut = position(other.length, r);
        const joined = new Uint8Array(at + (other.length - cut));
        joined.set(b.subarray(0, at));
        joined.set(other.subarray(cut), at);
        b = joined;
        break;
      }
    }
  }
  return { bytes: b, applied };
}
