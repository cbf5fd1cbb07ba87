import type { OpDefinition } from './definition.js';
import type { OpAttrs, OpType } from './attrs.js';
import { conv2d, depthwiseConv2d } from './conv.js';
import { dense } from './dense.js';
import { batchNorm } from './normalization.js';
import { relu, relu6, hardSwish, hardSigmoid, sigmoid, softmax } from './activation.js';
import { add, multiply } from './elementwise.js';
import { concat, channelSplit, channelShuffle } from './channels.js';
import { averagePool, maxPool, globalAveragePool } from './pooling.js';
import { reshape, flatten, dropout, zeroPadding } from './reshape.js';

/** The op table: one definition per op type. */
export const OPS: { readonly [T in OpType]: OpDefinition<OpAttrs[T]> } = Object.freeze({
  conv2d,
  depthwiseConv2d,
  dense,
  batchNorm,
  relu,
  relu6,
  hardSwish,
  hardSigmoid,
  sigmoid,
  softmax,
  add,
  multiply,
  concat,
  channelSplit,
  channelShuffle,
  globalAveragePool,
  averagePool,
  maxPool,
  reshape,
  flatten,
  dropout,
  zeroPadding,
});

/** All op types, in table order. */
export const OP_TYPES = Object.keys(OPS) as OpType[];

/** True when `type` names a known op. */
export function isOpType(type: string): type is OpType {
  return Object.prototype.hasOwnProperty.call(OPS, type);
}

/** The definition of one op type. */
export function opDefinition<T extends OpType>(type: T): OpDefinition<OpAttrs[T]> {
  return OPS[type];
}
