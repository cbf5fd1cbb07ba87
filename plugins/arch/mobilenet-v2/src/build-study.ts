import { GraphBuilder, prefixedNames, makeDivisible, scaleChannels, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { STAGES, type MobileNetV2Factors } from './factors.js';

/** Layer names, made once per block (see `prefixedNames`). */
const named = prefixedNames();

/** Last conv channels: absolute when given, else 1280 (scaled by make_divisible for α > 1). */
export function lastChannels(f: MobileNetV2Factors): number {
  return f.lastLayerChannels ?? (f.alpha > 1 ? makeDivisible(1280 * f.alpha, 8) : 1280);
}

/** Output channels of block 0 and of each inverted residual block, in order (study variant: int(c·α)). */
export function studyBlockChannels(alpha: number): number[] {
  return [scaleChannels(16, alpha), ...STAGES.flatMap(([c, n]) => Array.from({ length: n }, () => scaleChannels(c, alpha)))];
}

/**
 * The study's MobileNet v2: no biases, ReLU6, BN after every conv; stem make_divisible(32α, 8);
 * block 0 without expansion; expansion Cin·t; residual Add whenever channels match; last 1×1 conv;
 * MV1 head (average pool over the map → flatten → dense → softmax).
 */
export function buildStudy(f: MobileNetV2Factors): LayerGraph {
  const g = new GraphBuilder('mobilenetv2');
  const input = g.input([f.resolution, f.resolution, f.inputChannels]);
  let x = g.scale(g.conv2d(input, { filters: makeDivisible(32 * f.alpha, 8), kernelSize: 3, strides: 2, padding: 'same', useBias: false }, 'conv1'), 'alpha');
  x = g.relu6(g.batchNorm(x, {}, 'conv1_bn'), 'conv1_relu');
  x = g.relu6(g.batchNorm(g.depthwiseConv2d(x, { kernelSize: 3, padding: 'same', useBias: false }, 'block_0_dw_conv'), {}, 'block_0_dw_bn'), 'block_0_dw_relu');
  x = g.batchNorm(g.scale(g.conv2d(x, { filters: scaleChannels(16, f.alpha), kernelSize: 1, padding: 'same', useBias: false }, 'block_0_compress'), 'alpha'), {}, 'block_0_compress_bn');
  let id = 0;
  for (const [c, repeats, firstStride] of STAGES) {
    for (let r = 0; r < repeats; r++) {
      id++;
      const p = named(`block_${id}_`);
      const inChannels = g.channels(x);
      let y = g.scale(g.conv2d(x, { filters: inChannels * f.expansion, kernelSize: 1, useBias: false }, p('expand')), g.widthFactors(x), 'expansion');
      y = g.relu6(g.batchNorm(y, {}, p('expand_bn')), p('expand_relu'));
      y = g.depthwiseConv2d(y, { kernelSize: 3, strides: r === 0 ? firstStride : 1, padding: 'same', useBias: false }, p('dw_conv'));
      y = g.relu6(g.batchNorm(y, {}, p('dw_bn')), p('dw_relu'));
      y = g.scale(g.conv2d(y, { filters: scaleChannels(c, f.alpha), kernelSize: 1, padding: 'same', useBias: false }, p('compress')), 'alpha');
      y = g.batchNorm(y, {}, p('compress_bn'));
      // The study adds the shortcut whenever the channel counts match (strides are 1 there for every α used).
      x = g.channels(y) === inChannels && g.shape(y)[0] === g.shape(x)[0] ? g.add([x, y], p('add')) : y;
    }
  }
  // The default (null) is 1280, scaled by α above 1.
  x = g.scale(g.conv2d(x, { filters: lastChannels(f), kernelSize: 1, padding: 'same', useBias: false }, 'last_conv'), 'lastLayerChannels', f.lastLayerChannels === null ? ['alpha'] : []);
  x = g.relu6(g.batchNorm(x, {}, 'last_bn'), 'last_relu');
  const [h, w] = g.shape(x);
  x = g.flatten(g.averagePool(x, { poolSize: [h!, w!], strides: 1 }, 'average_pooling2d'), 'flatten');
  return g.build([g.softmax(g.scale(g.dense(x, f.classes, {}, 'dense'), 'classes'), 'softmax')]);
}
