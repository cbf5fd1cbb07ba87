import type { OpType } from './attrs.js';

/**
 * Fast acceptance tests for op attributes, one per op type, mirroring the zod schemas in the op files. Each only
 * ever says "valid" for values its zod schema accepts too (it may be stricter); when it says no, the caller runs
 * the zod schema, which gives the error message or accepts the value after all. They exist because a graph build
 * checks hundreds of attribute objects and zod's generic parse dominates that cost.
 */
type Check = (v: unknown) => boolean;

const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const int: Check = (v) => Number.isSafeInteger(v);
const posInt: Check = (v) => Number.isSafeInteger(v) && (v as number) > 0;
const bool: Check = (v) => typeof v === 'boolean';
const padding: Check = (v) => v === 'same' || v === 'valid';
const tuple2 = (item: Check): Check => (v) => Array.isArray(v) && v.length === 2 && item(v[0]) && item(v[1]);
const posPair = tuple2(posInt);
const nonNegPair = tuple2((v) => Number.isSafeInteger(v) && (v as number) >= 0);

/** Every index (holes included) passes; `every` would skip holes. */
function allOf(a: readonly unknown[], item: Check): boolean {
  for (let i = 0; i < a.length; i++) if (!item(a[i])) return false;
  return true;
}

/** Accepts a plain object with exactly these own keys, each passing its check. */
function strictObject(fields: Record<string, Check>): Check {
  const keys = Object.keys(fields);
  const checks = keys.map((k) => fields[k]!);
  return (v) => {
    if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
    const o = v as Record<string, unknown>;
    let own = 0;
    for (const k in o) {
      if (!Object.prototype.hasOwnProperty.call(o, k)) return false;
      own++;
    }
    if (own !== keys.length) return false;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (!Object.prototype.hasOwnProperty.call(o, k) || !checks[i]!(o[k])) return false;
    }
    return true;
  };
}

const none = strictObject({});
const pool = strictObject({ poolSize: posPair, strides: posPair, padding });

export const QUICK_ATTRS: { readonly [T in OpType]: Check } = {
  conv2d: strictObject({ filters: posInt, kernelSize: posPair, strides: posPair, padding, groups: posInt, useBias: bool }),
  depthwiseConv2d: strictObject({ kernelSize: posPair, strides: posPair, padding, depthMultiplier: posInt, useBias: bool }),
  dense: strictObject({ units: posInt, useBias: bool }),
  batchNorm: strictObject({ epsilon: (v) => num(v) && (v as number) > 0 }),
  relu: none,
  relu6: none,
  hardSwish: none,
  hardSigmoid: none,
  sigmoid: none,
  softmax: strictObject({ axis: int }),
  add: none,
  multiply: none,
  concat: strictObject({ axis: int }),
  channelSplit: strictObject({ parts: (v) => int(v) && (v as number) >= 2 }),
  channelShuffle: strictObject({ groups: (v) => int(v) && (v as number) >= 1 }),
  globalAveragePool: strictObject({ keepDims: bool }),
  averagePool: pool,
  maxPool: pool,
  reshape: strictObject({ targetShape: (v) => Array.isArray(v) && v.length >= 1 && allOf(v, int) }),
  flatten: none,
  dropout: strictObject({ rate: (v) => num(v) && (v as number) >= 0 && (v as number) < 1 }),
  zeroPadding: strictObject({ padding: tuple2(nonNegPair) }),
};
