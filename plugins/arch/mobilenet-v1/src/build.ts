import { GraphBuilder, prefixedNames, scaleChannels, type LayerGraph } from '@cnn-analyzer/arch-spec';
import type { MobileNetV1Factors } from './factors.js';

/** Layer names, made once per block (see `prefixedNames`). */
const named = prefixedNames();

/** Pointwise output channels of each depthwise-separable block, in order, for the given factors. */
export function blockChannels(f: MobileNetV1Factors): { filters: number; stride: 1 | 2; scaling: readonly string[] }[] {
  const { alpha, beta } = f;
  const wide = { filters: scaleChannels(512, alpha, beta), scaling: ['alpha', 'beta'] };
  const byAlpha = (c: number, stride: 1 | 2) => ({ filters: scaleChannels(c, alpha), stride, scaling: ['alpha'] });
  const absolute = (key: 'penultimateLayerChannels' | 'lastLayerChannels', stride: 1 | 2) => ({
    filters: f[key] ?? scaleChannels(1024, alpha),
    stride,
    scaling: f[key] === null ? [key, 'alpha'] : [key],
  });
  return [
    byAlpha(64, 1),
    byAlpha(128, 2),
    byAlpha(128, 1),
    byAlpha(256, 2),
    byAlpha(256, 1),
    { ...wide, stride: 2 },
    ...Array.from({ length: f.loopLength }, () => ({ ...wide, stride: 1 as const })),
    absolute('penultimateLayerChannels', 2),
    absolute('lastLayerChannels', 1),
  ];
}

/**
 * The MLPerf Tiny VWW MobileNet v1: conv 3×3/2 with bias → BN → ReLU, 13 (for l = 5)
 * depthwise-separable blocks with biases, BN and ReLU, average pool over the whole
 * map, flatten, dense with bias and softmax.
 */
export function build(f: MobileNetV1Factors): LayerGraph {
  const g = new GraphBuilder('mobilenetv1');
  const input = g.input([f.resolution, f.resolution, f.inputChannels]);
  let x = g.scale(g.conv2d(input, { filters: scaleChannels(32, f.alpha), kernelSize: 3, strides: 2, padding: 'same' }, 'conv1'), 'alpha');
  x = g.relu(g.batchNorm(x, {}, 'conv1_bn'), 'conv1_relu');
  blockChannels(f).forEach(({ filters, stride, scaling }, i) => {
    const id = i + 1;
    const dw = named(`conv_dw_${id}`);
    const pw = named(`conv_pw_${id}`);
    x = g.depthwiseConv2d(x, { kernelSize: 3, strides: stride, padding: 'same' }, dw(''));
    x = g.relu(g.batchNorm(x, {}, dw('_bn')), dw('_relu'));
    x = g.scale(g.conv2d(x, { filters, kernelSize: 1, padding: 'same' }, pw('')), scaling);
    x = g.relu(g.batchNorm(x, {}, pw('_bn')), pw('_relu'));
  });
  const [h, w] = g.shape(x);
  x = g.averagePool(x, { poolSize: [h!, w!] }, 'avg_pool');
  x = g.flatten(x, 'flatten');
  x = g.scale(g.dense(x, f.classes, {}, 'predictions'), 'classes');
  x = g.softmax(x, 'softmax');
  return g.build([x]);
}
