import type { OpType } from './ops/attrs.js';

/** Keras' default layer-name prefix per op type (`re_lu`, `re_lu_1`, …). */
export const KERAS_PREFIX: Readonly<Record<OpType, string>> = {
  conv2d: 'conv2d',
  depthwiseConv2d: 'depthwise_conv2d',
  dense: 'dense',
  batchNorm: 'batch_normalization',
  relu: 're_lu',
  relu6: 're_lu6',
  hardSwish: 'hard_swish',
  hardSigmoid: 'hard_sigmoid',
  sigmoid: 'sigmoid',
  softmax: 'softmax',
  add: 'add',
  multiply: 'multiply',
  concat: 'concatenate',
  channelSplit: 'channel_split',
  channelShuffle: 'channel_shuffle',
  globalAveragePool: 'global_average_pooling2d',
  averagePool: 'average_pooling2d',
  maxPool: 'max_pooling2d',
  reshape: 'reshape',
  flatten: 'flatten',
  dropout: 'dropout',
  zeroPadding: 'zero_padding2d',
};

export type Pair = number | readonly [number, number];

const SMALL = 64;
const pairs: (readonly [number, number] | undefined)[] = [];

/**
 * A frozen `[a, a]` or `[a, b]`, shared between every layer that uses it when both are small whole numbers:
 * graphs hold a few distinct kernel sizes and strides, so a build freezes each once instead of once per layer.
 */
export function pair(v: Pair): [number, number] {
  const a = typeof v === 'number' ? v : v[0];
  const b = typeof v === 'number' ? v : v[1];
  if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0 && a < SMALL && b < SMALL)) return Object.freeze([a, b]) as [number, number];
  const i = a * SMALL + b;
  return (pairs[i] ??= Object.freeze([a, b] as [number, number])) as [number, number];
}

export const NO_FACTORS: readonly string[] = Object.freeze([]);

const widths = new Map<string, readonly string[]>();

/** The frozen shared one-factor width list `[factor]`. */
export function widthOf(factor: string): readonly string[] {
  let w = widths.get(factor);
  if (!w) {
    w = Object.freeze([factor]);
    if (widths.size < 4096) widths.set(factor, w);
  }
  return w;
}

/**
 * The distinct names of the lists in first-seen order, as one frozen array shared by every equal result, so
 * layers that join equal widths (a residual add of two α-scaled tensors) can see they are equal by identity.
 */
export function unionOf(lists: readonly (readonly string[])[]): readonly string[] {
  const seen: string[] = [];
  for (const list of lists) for (const f of list) if (!seen.includes(f)) seen.push(f);
  if (seen.length === 0) return NO_FACTORS;
  if (seen.length === 1) return widthOf(seen[0]!);
  const key = seen.join('\u0000');
  let w = widths.get(key);
  if (!w) {
    w = Object.freeze(seen);
    if (widths.size < 4096) widths.set(key, w);
  }
  return w;
}

/** Freeze an attribute object and the arrays inside it (kernel sizes, paddings, target shapes). */
export function freezeAttrs<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== null && typeof v === 'object') freezeAttrs(v);
    }
  }
  return value;
}
