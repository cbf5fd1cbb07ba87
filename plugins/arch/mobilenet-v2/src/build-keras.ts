import { GraphBuilder, prefixedNames, makeDivisible, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { STAGES, type MobileNetV2Factors } from './factors.js';

/** Layer names, made once per block (see `prefixedNames`). */
const named = prefixedNames();

/** Keras' `correct_pad`: zero padding that makes a "valid" stride-2 3×3 window behave like TF "same". */
function correctPad(size: number): [number, number] {
  const adjust = 1 - (size % 2);
  return [1 - adjust, 1];
}

/**
 * keras.applications.MobileNetV2 (include_top): Conv1 make_divisible(32α, 8) "same" no bias →
 * BN → ReLU6; inverted residual blocks with make_divisible(int(c·α), 8) outputs, expansion Cin·6
 * (none in block 0), ZeroPadding + "valid" depthwise for stride 2, Add when stride 1 and channels
 * match; Conv_1 (1280, or make_divisible(1280α) for α > 1) → BN → ReLU6 → global average pool →
 * dense with bias → softmax.
 */
export function buildKeras(f: MobileNetV2Factors): LayerGraph {
  const g = new GraphBuilder('mobilenetv2_keras');
  const input = g.input([f.resolution, f.resolution, f.inputChannels]);
  let x = g.scale(g.conv2d(input, { filters: makeDivisible(32 * f.alpha, 8), kernelSize: 3, strides: 2, padding: 'same', useBias: false }, 'Conv1'), 'alpha');
  x = g.relu6(g.batchNorm(x, {}, 'bn_Conv1'), 'Conv1_relu');
  const blocks: [number, number, 1 | 2][] = [[16, 1, 1]];
  for (const [c, repeats, stride] of STAGES) for (let r = 0; r < repeats; r++) blocks.push([c, 6, r === 0 ? stride : 1]);
  blocks.forEach(([c, t, stride], id) => {
    const p = named(id === 0 ? 'expanded_conv_' : `block_${id}_`);
    const inChannels = g.channels(x);
    const out = makeDivisible(Math.trunc(c * f.alpha), 8);
    let y = x;
    if (id > 0) y = g.relu6(g.batchNorm(g.scale(g.conv2d(y, { filters: inChannels * t, kernelSize: 1, padding: 'same', useBias: false }, p('expand')), g.widthFactors(y)), {}, p('expand_BN')), p('expand_relu'));
    if (stride === 2) {
      const [h, w] = g.shape(y);
      y = g.zeroPadding(y, [correctPad(h!), correctPad(w!)], p('pad'));
    }
    y = g.depthwiseConv2d(y, { kernelSize: 3, strides: stride, padding: stride === 1 ? 'same' : 'valid', useBias: false }, p('depthwise'));
    y = g.relu6(g.batchNorm(y, {}, p('depthwise_BN')), p('depthwise_relu'));
    y = g.batchNorm(g.scale(g.conv2d(y, { filters: out, kernelSize: 1, padding: 'same', useBias: false }, p('project')), 'alpha'), {}, p('project_BN'));
    x = stride === 1 && inChannels === out ? g.add([x, y], p('add')) : y;
  });
  const last = f.alpha > 1 ? makeDivisible(1280 * f.alpha, 8) : 1280;
  // 1280, scaled by α above 1
  x = g.relu6(g.batchNorm(g.scale(g.conv2d(x, { filters: last, kernelSize: 1, useBias: false }, 'Conv_1'), 'alpha'), {}, 'Conv_1_bn'), 'out_relu');
  x = g.globalAveragePool(x, {}, 'global_average_pooling2d');
  return g.build([g.softmax(g.scale(g.dense(x, f.classes, {}, 'predictions'), 'classes'), 'softmax')]);
}
