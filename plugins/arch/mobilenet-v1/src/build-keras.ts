import { GraphBuilder, prefixedNames, scaleChannels, type LayerGraph } from '@cnn-analyzer/arch-spec';
import type { MobileNetV1Factors } from './factors.js';

/** Layer names, made once per block (see `prefixedNames`). */
const named = prefixedNames();

/** Pointwise filters (before α) and strides of keras.applications.MobileNet's 13 depthwise-separable blocks. */
const BLOCKS: readonly [number, 1 | 2][] = [
  [64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2],
  [512, 1], [512, 1], [512, 1], [512, 1], [512, 1],
  [1024, 2], [1024, 1],
];

/**
 * keras.applications.MobileNet (include_top): conv1 int(32α) "same" without bias → BN → ReLU6; blocks of
 * (zero padding and "valid" for stride 2) depthwise 3×3 → BN → ReLU6 → 1×1 int(c·α) without bias → BN → ReLU6;
 * global average pool (kept dims) → dropout → 1×1 conv to the classes with bias → reshape → softmax.
 */
export function buildKeras(f: MobileNetV1Factors): LayerGraph {
  const g = new GraphBuilder('mobilenet_keras');
  const input = g.input([f.resolution, f.resolution, f.inputChannels]);
  let x = g.scale(g.conv2d(input, { filters: scaleChannels(32, f.alpha), kernelSize: 3, strides: 2, padding: 'same', useBias: false }, 'conv1'), 'alpha');
  x = g.relu6(g.batchNorm(x, {}, 'conv1_bn'), 'conv1_relu');
  BLOCKS.forEach(([c, stride], i) => {
    const id = i + 1;
    const dw = named(`conv_dw_${id}`);
    const pw = named(`conv_pw_${id}`);
    if (stride === 2) x = g.zeroPadding(x, [[0, 1], [0, 1]], named('conv_pad_')(String(id)));
    x = g.depthwiseConv2d(x, { kernelSize: 3, strides: stride, padding: stride === 1 ? 'same' : 'valid', useBias: false }, dw(''));
    x = g.relu6(g.batchNorm(x, {}, dw('_bn')), dw('_relu'));
    x = g.scale(g.conv2d(x, { filters: scaleChannels(c, f.alpha), kernelSize: 1, padding: 'same', useBias: false }, pw('')), 'alpha');
    x = g.relu6(g.batchNorm(x, {}, pw('_bn')), pw('_relu'));
  });
  x = g.dropout(g.globalAveragePool(x, { keepDims: true }, 'global_average_pooling2d'), 1e-3, 'dropout');
  x = g.scale(g.conv2d(x, { filters: f.classes, kernelSize: 1, padding: 'same' }, 'conv_preds'), 'classes');
  return g.build([g.softmax(g.reshape(x, [f.classes], 'reshape_2'), 'predictions')]);
}
