import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { OPS, OP_TYPES } from './registry.js';
import { QUICK_ATTRS } from './quick-attrs.js';

// The zod schema of each op is the reference: the quick check may reject more than it, never accept more.
const rnd = mulberry32(7);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const scalars: unknown[] = [0, 1, 2, 3, -1, -0, 0.5, 0.999, 1.5, 1e-3, 2 ** 53, NaN, Infinity, -Infinity, '1', 'same', 'valid', 'full', true, false, null, undefined, {}, [], [1], [0, 1]];
const values = (): unknown => {
  const r = rnd();
  if (r < 0.55) return pick(scalars);
  if (r < 0.8) return [pick(scalars), pick(scalars)];
  if (r < 0.9) return [[pick(scalars), pick(scalars)], [pick(scalars), pick(scalars)]];
  return Array.from({ length: Math.floor(rnd() * 4) }, () => pick(scalars));
};

const accepted: Partial<Record<keyof typeof OPS, unknown[]>> = {
  conv2d: [{ filters: 8, kernelSize: [3, 3], strides: [2, 2], padding: 'same', groups: 1, useBias: false }],
  depthwiseConv2d: [{ kernelSize: [5, 5], strides: [1, 1], padding: 'valid', depthMultiplier: 2, useBias: true }],
  dense: [{ units: 10, useBias: true }],
  batchNorm: [{ epsilon: 1e-3 }],
  softmax: [{ axis: -1 }],
  concat: [{ axis: 2 }],
  channelSplit: [{ parts: 2 }],
  channelShuffle: [{ groups: 1 }],
  globalAveragePool: [{ keepDims: false }],
  averagePool: [{ poolSize: [2, 2], strides: [2, 2], padding: 'valid' }],
  reshape: [{ targetShape: [1, 1, -1] }],
  dropout: [{ rate: 0 }],
  zeroPadding: [{ padding: [[0, 1], [1, 0]] }],
  relu: [{}],
};

/** Valid attributes of the op (below) with one field replaced, dropped or added at random, plus non-objects. */
function variants(op: keyof typeof OPS): unknown[] {
  const base = (accepted[op] ?? [{}])[0] as Record<string, unknown>;
  const keys = Object.keys(base);
  const out: unknown[] = [];
  for (let n = 0; n < 3000; n++) {
    const o: Record<string, unknown> = { ...base };
    const r = rnd();
    if (r < 0.05 || keys.length === 0) o[pick(['extra', 'axis', 'units'])] = 1;
    else if (r < 0.1) delete o[pick(keys)];
    else o[pick(keys)] = values();
    out.push(o);
  }
  out.push(null, undefined, 1, 'x', [], Object.create(null), Object.assign(Object.create({ inherited: 1 }), {}));
  return out;
}

describe('quick attribute checks', () => {
  for (const op of OP_TYPES) {
    it(`${op}: never accepts what its zod schema rejects`, () => {
      const wrong = variants(op).filter((v) => QUICK_ATTRS[op](v) && !OPS[op].attrs.safeParse(v).success);
      expect(wrong).toEqual([]);
    });
  }

  it('accepts the valid attributes the builder makes (so the fast path is taken)', () => {
    for (const [op, list] of Object.entries(accepted)) {
      for (const a of list) {
        expect(OPS[op as keyof typeof OPS].attrs.safeParse(a).success).toBe(true);
        expect(QUICK_ATTRS[op as keyof typeof OPS](a), op).toBe(true);
      }
    }
  });
});
