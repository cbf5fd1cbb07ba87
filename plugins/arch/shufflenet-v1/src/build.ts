import { GraphBuilder, prefixedNames, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { STEM_CHANNELS, type ShuffleNetV1Factors } from './factors.js';
import { unitChannels } from './channels.js';

/** Layer names, made once per block (see `prefixedNames`). */
const named = prefixedNames();

/**
 * The study's ShuffleNet v1: conv 3×3/2 (24, bias) → BN → ReLU → max pool 3×3/2; stages of 4/8/4
 * units, each grouped 1×1 (C/4) → BN → ReLU → shuffle(g) → depthwise 3×3 → BN → grouped 1×1 → BN →
 * Add (stride 1) or Concat with a 3×3/2 average pool of the input (stride 2) → ReLU; biases
 * everywhere; global average pool → dense → softmax.
 */
export function build(f: ShuffleNetV1Factors): LayerGraph {
  const g = new GraphBuilder('shufflenetv1');
  const input = g.input([f.resolution, f.resolution, f.inputChannels]);
  let x = g.conv2d(input, { filters: STEM_CHANNELS, kernelSize: 3, strides: 2, padding: 'same' }, 'conv1');
  x = g.relu(g.batchNorm(x, {}, 'conv1_bn'), 'conv1_relu');
  x = g.maxPool(x, { poolSize: 3, strides: 2, padding: 'same' }, 'maxpool1');
  const counters = new Map<number, number>();
  for (const unit of unitChannels(f)) {
    const n = (counters.get(unit.stage) ?? 0) + 1;
    counters.set(unit.stage, n);
    const p = named(`stage${unit.stage}_unit${n}_`);
    let y = g.scale(g.conv2d(x, { filters: unit.bottleneck, kernelSize: 1, padding: 'same', groups: f.groups }, p('gconv1')), 'alpha', 'groups');
    y = g.relu(g.batchNorm(y, {}, p('gconv1_bn')), p('gconv1_relu'));
    y = g.channelShuffle(y, f.groups, p('shuffle'));
    y = g.batchNorm(g.depthwiseConv2d(y, { kernelSize: 3, strides: unit.stride, padding: 'same' }, p('dwconv')), {}, p('dwconv_bn'));
    y = g.batchNorm(g.scale(g.conv2d(y, { filters: unit.conv, kernelSize: 1, padding: 'same', groups: f.groups }, p('gconv2')), 'alpha', 'groups'), {}, p('gconv2_bn'));
    if (unit.stride === 1) y = g.add([y, x], p('add'));
    else y = g.concat([y, g.averagePool(x, { poolSize: 3, strides: 2, padding: 'same' }, p('avgpool'))], -1, p('concat'));
    x = g.relu(y, p('relu'));
  }
  x = g.globalAveragePool(x, {}, 'global_pool');
  return g.build([g.softmax(g.scale(g.dense(x, f.classes, {}, 'fc'), 'classes'), 'softmax')]);
}
