import type { OpType } from './attrs.js';

/**
 * Fast acceptance tests for op attributes, one per op type, mirroring the zod schemas in the op files. Each only
 * ever says "valid" for values its zod schema accepts too (it may be stricter); when it says no, the caller runs
 * the zod schema, which gives the error message or accepts the value after all. They exist because a graph build
 * checks hundreds of attribute objects and zod's generic parse dominates that cost. Properties are read directly
 * (`a.filters`), which keeps each check monomorphic.
 */
type Check = (v: unknown) => boolean;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Attrs = any;

const num = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const int = (v: unknown): boolean => Number.isSafeInteger(v);
const posInt = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) > 0;
const bool = (v: unknown): boolean => typeof v === 'boolean';
const padding = (v: unknown): boolean => v === 'same' || v === 'valid';
const posPair = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && posInt(v[0]) && posInt(v[1]);
const nonNeg = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const nonNegPair = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && nonNeg(v[0]) && nonNeg(v[1]);

/** A plain object (prototype Object.prototype) with exactly `n` enumerable keys. */
function plain(v: unknown, n: number): v is Attrs {
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  let count = 0;
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) count++;
  else return false;
  return count === n;
}

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const none: Check = (a) => plain(a, 0);
const axis: Check = (a) => plain(a, 1) && has(a, 'axis') && int(a.axis);
const pool: Check = (a) => plain(a, 3) && has(a, 'poolSize') && has(a, 'strides') && has(a, 'padding') && posPair(a.poolSize) && posPair(a.strides) && padding(a.padding);

function allInt(v: unknown): boolean {
  if (!Array.isArray(v) || v.length < 1) return false;
  for (let i = 0; i < v.length; i++) if (!int(v[i])) return false; // every index; `every` would skip holes
  return true;
}

export const QUICK_ATTRS: { readonly [T in OpType]: Check } = {
  conv2d: (a) =>
    plain(a, 6) &&
    has(a, 'filters') && has(a, 'kernelSize') && has(a, 'strides') && has(a, 'padding') && has(a, 'groups') && has(a, 'useBias') &&
    posInt(a.filters) && posPair(a.kernelSize) && posPair(a.strides) && padding(a.padding) && posInt(a.groups) && bool(a.useBias),
  depthwiseConv2d: (a) =>
    plain(a, 5) &&
    has(a, 'kernelSize') && has(a, 'strides') && has(a, 'padding') && has(a, 'depthMultiplier') && has(a, 'useBias') &&
    posPair(a.kernelSize) && posPair(a.strides) && padding(a.padding) && posInt(a.depthMultiplier) && bool(a.useBias),
  dense: (a) => plain(a, 2) && has(a, 'units') && has(a, 'useBias') && posInt(a.units) && bool(a.useBias),
  batchNorm: (a) => plain(a, 1) && has(a, 'epsilon') && num(a.epsilon) && a.epsilon > 0,
  relu: none,
  relu6: none,
  hardSwish: none,
  hardSigmoid: none,
  sigmoid: none,
  softmax: axis,
  add: none,
  multiply: none,
  concat: axis,
  channelSplit: (a) => plain(a, 1) && has(a, 'parts') && int(a.parts) && a.parts >= 2,
  channelShuffle: (a) => plain(a, 1) && has(a, 'groups') && int(a.groups) && a.groups >= 1,
  globalAveragePool: (a) => plain(a, 1) && has(a, 'keepDims') && bool(a.keepDims),
  averagePool: pool,
  maxPool: pool,
  reshape: (a) => plain(a, 1) && has(a, 'targetShape') && allInt(a.targetShape),
  flatten: none,
  dropout: (a) => plain(a, 1) && has(a, 'rate') && num(a.rate) && a.rate >= 0 && a.rate < 1,
  zeroPadding: (a) => plain(a, 1) && has(a, 'padding') && Array.isArray(a.padding) && a.padding.length === 2 && nonNegPair(a.padding[0]) && nonNegPair(a.padding[1]),
};
