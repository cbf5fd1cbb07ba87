import type { Conv2dAttrs, DepthwiseConv2dAttrs } from './conv.js';
import type { DenseAttrs } from './dense.js';
import type { BatchNormAttrs } from './normalization.js';
import type { NoAttrs, SoftmaxAttrs } from './activation.js';
import type { ConcatAttrs, ChannelSplitAttrs, ChannelShuffleAttrs } from './channels.js';
import type { PoolAttrs, GlobalPoolAttrs } from './pooling.js';
import type { ReshapeAttrs, DropoutAttrs, ZeroPaddingAttrs } from './reshape.js';

/** Attributes of every op type, keyed by op type. */
export interface OpAttrs {
  conv2d: Conv2dAttrs;
  depthwiseConv2d: DepthwiseConv2dAttrs;
  dense: DenseAttrs;
  batchNorm: BatchNormAttrs;
  relu: NoAttrs;
  relu6: NoAttrs;
  hardSwish: NoAttrs;
  hardSigmoid: NoAttrs;
  sigmoid: NoAttrs;
  softmax: SoftmaxAttrs;
  add: NoAttrs;
  multiply: NoAttrs;
  concat: ConcatAttrs;
  channelSplit: ChannelSplitAttrs;
  channelShuffle: ChannelShuffleAttrs;
  globalAveragePool: GlobalPoolAttrs;
  averagePool: PoolAttrs;
  maxPool: PoolAttrs;
  reshape: ReshapeAttrs;
  flatten: NoAttrs;
  dropout: DropoutAttrs;
  zeroPadding: ZeroPaddingAttrs;
}

/** Every op type the IR knows. */
export type OpType = keyof OpAttrs;
