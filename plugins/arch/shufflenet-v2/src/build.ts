import { GraphBuilder, prefixedNames, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { REPEATS, START_CHANNELS, type ShuffleNetV2Factors } from './factors.js';

/** Layer names, made once per block (see `prefixedNames`). */
const named = prefixedNames();

/** Output channels of each stage: 2c, 4c, 8c for the start width c. */
export function stageOutputs(alpha: ShuffleNetV2Factors['alpha']): number[] {
  const c = START_CHANNELS[alpha];
  return [2 * c, 4 * c, 8 * c];
}

/**
 * The study's ShuffleNet v2 "tiny": conv 3×3/2 "valid" (f, no bias) → BN → ReLU → max pool 3×3/2
 * "same"; per stage one down-sampling unit (two stride-2 branches of c channels, concatenated,
 * shuffled) and 3/7/3 basic units (channel split, one half through 1×1 → BN → ReLU → depthwise →
 * BN → 1×1 → BN → ReLU, concat, shuffle); final 1×1 conv (ll, no BN or activation) → global
 * average pool → dense → softmax. No biases except the dense layer.
 */
export function build(f: ShuffleNetV2Factors): LayerGraph {
  const g = new GraphBuilder('shufflenetv2');
  const noBias = { kernelSize: 1, padding: 'same', useBias: false } as const;
  const input = g.input([f.resolution, f.resolution, f.inputChannels]);
  let x = g.scale(g.conv2d(input, { filters: f.firstLayerChannels, kernelSize: 3, strides: 2, padding: 'valid', useBias: false }, 'conv1'), 'firstLayerChannels');
  x = g.relu(g.batchNorm(x, {}, 'conv1_bn'), 'conv1_relu');
  x = g.maxPool(x, { poolSize: 3, strides: 2, padding: 'same' }, 'maxpool1');
  let c = START_CHANNELS[f.alpha];
  REPEATS.forEach((repeats, i) => {
    const s = named(`stage${i + 2}_`);
    let a = g.relu(g.batchNorm(g.scale(g.conv2d(x, { filters: c, ...noBias }, s('down_a_conv1')), 'alpha'), {}, s('down_a_conv1_bn')), s('down_a_conv1_relu'));
    a = g.batchNorm(g.depthwiseConv2d(a, { kernelSize: 3, strides: 2, padding: 'same', useBias: false }, s('down_a_dwconv')), {}, s('down_a_dwconv_bn'));
    a = g.relu(g.batchNorm(g.scale(g.conv2d(a, { filters: c, ...noBias }, s('down_a_conv2')), 'alpha'), {}, s('down_a_conv2_bn')), s('down_a_conv2_relu'));
    let b = g.batchNorm(g.depthwiseConv2d(x, { kernelSize: 3, strides: 2, padding: 'same', useBias: false }, s('down_b_dwconv')), {}, s('down_b_dwconv_bn'));
    b = g.relu(g.batchNorm(g.scale(g.conv2d(b, { filters: c, ...noBias }, s('down_b_conv')), 'alpha'), {}, s('down_b_conv_bn')), s('down_b_conv_relu'));
    x = g.channelShuffle(g.concat([a, b], -1, s('down_concat')), 2, s('down_shuffle'));
    for (let u = 1; u <= repeats; u++) {
      const p = named(s(`unit${u}_`));
      const [half, rest] = g.channelSplit(x, 2, p('split'));
      const k = g.channels(half!);
      let y = g.relu(g.batchNorm(g.scale(g.conv2d(half!, { filters: k, ...noBias }, p('conv1')), 'alpha'), {}, p('conv1_bn')), p('conv1_relu'));
      y = g.batchNorm(g.depthwiseConv2d(y, { kernelSize: 3, padding: 'same', useBias: false }, p('dwconv')), {}, p('dwconv_bn'));
      y = g.relu(g.batchNorm(g.scale(g.conv2d(y, { filters: k, ...noBias }, p('conv2')), 'alpha'), {}, p('conv2_bn')), p('conv2_relu'));
      x = g.channelShuffle(g.concat([y, rest!], -1, p('concat')), 2, p('shuffle'));
    }
    c *= 2;
  });
  x = g.scale(g.conv2d(x, { filters: f.lastLayerChannels, ...noBias }, 'conv5'), 'lastLayerChannels');
  x = g.globalAveragePool(x, {}, 'global_pool');
  return g.build([g.softmax(g.scale(g.dense(x, f.classes, {}, 'fc'), 'classes'), 'softmax')]);
}
