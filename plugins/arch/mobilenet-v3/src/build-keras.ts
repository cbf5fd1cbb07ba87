import { GraphBuilder, prefixedNames, makeDivisible, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { KERAS_LARGE, KERAS_SMALL, type MobileNetV3Factors } from './factors.js';
import { activate, correctPad } from './layers.js';

/** Layer names, made once per block (see `prefixedNames`). */
const named = prefixedNames();

/**
 * keras.applications.MobileNetV3Small / MobileNetV3Large (include_top, not minimalistic): 16-channel
 * stem, `_depth`-rounded bottlenecks with ZeroPadding + "valid" depthwise for stride 2, squeeze-excite
 * with biased 1×1 convs, conv_1 = 6× the last bottleneck, head GAP → conv_2 (1024 / 1280, bias) →
 * hard-swish → dropout → logits conv (bias) → flatten → softmax. `squeeze: false` drops the SE blocks;
 * `penultimateLayerChannels` / `lastLayerChannels` override conv_1 / conv_2.
 */
export function buildKeras(f: MobileNetV3Factors): LayerGraph {
  const large = f.variant === 'large';
  const g = new GraphBuilder(large ? 'MobileNetV3Large' : 'MobileNetV3Small');
  const input = g.input([f.resolution, f.resolution, f.inputChannels]);
  let x = g.conv2d(input, { filters: 16, kernelSize: 3, strides: 2, padding: 'same', useBias: false }, 'conv');
  x = g.hardSwish(g.batchNorm(x, {}, 'conv_bn'), 'conv_hard_swish');
  (large ? KERAS_LARGE : KERAS_SMALL).forEach((blk, id) => {
    const p = named(id === 0 ? 'expanded_conv_' : `expanded_conv_${id}_`);
    const inChannels = g.channels(x);
    const expanded = makeDivisible(inChannels * blk.e, 8);
    const out = makeDivisible(blk.c * f.alpha, 8);
    let y = x;
    if (id > 0) {
      y = g.batchNorm(g.scale(g.conv2d(y, { filters: expanded, kernelSize: 1, padding: 'same', useBias: false }, p('expand')), g.widthFactors(y)), {}, p('expand_bn'));
      y = activate(g, y, blk.act, p('expand_act'));
    }
    if (blk.s === 2) {
      const [h, w] = g.shape(y);
      y = g.zeroPadding(y, [correctPad(h!, blk.k), correctPad(w!, blk.k)], p('depthwise_pad'));
    }
    y = g.depthwiseConv2d(y, { kernelSize: blk.k, strides: blk.s, padding: blk.s === 1 ? 'same' : 'valid', useBias: false }, p('depthwise'));
    y = activate(g, g.batchNorm(y, {}, p('depthwise_bn')), blk.act, p('depthwise_act'));
    if (f.squeeze && blk.se) {
      let s = g.globalAveragePool(y, { keepDims: true }, p('squeeze_excite_avg_pool'));
      s = g.relu(g.scale(g.conv2d(s, { filters: makeDivisible(expanded * 0.25, 8), kernelSize: 1, padding: 'same' }, p('squeeze_excite_conv')), g.widthFactors(y)), p('squeeze_excite_relu'));
      s = g.hardSigmoid(g.scale(g.conv2d(s, { filters: expanded, kernelSize: 1, padding: 'same' }, p('squeeze_excite_conv_1')), g.widthFactors(y)), p('squeeze_excite_hard_sigmoid'));
      y = g.multiply([y, s], p('squeeze_excite_mul'));
    }
    y = g.batchNorm(g.scale(g.conv2d(y, { filters: out, kernelSize: 1, padding: 'same', useBias: false }, p('project')), 'alpha'), {}, p('project_bn'));
    x = blk.s === 1 && inChannels === out ? g.add([x, y], p('add')) : y;
  });
  const lastConv = f.penultimateLayerChannels ?? makeDivisible(g.channels(x) * 6, 8);
  x = g.hardSwish(g.batchNorm(g.scale(g.conv2d(x, { filters: lastConv, kernelSize: 1, padding: 'same', useBias: false }, 'conv_1'), f.penultimateLayerChannels === null ? ['penultimateLayerChannels', ...g.widthFactors(x)] : ['penultimateLayerChannels']), {}, 'conv_1_bn'), 'conv_1_hard_swish');
  const standardPoint = large ? 1280 : 1024;
  const lastPoint = f.lastLayerChannels ?? (f.alpha > 1 ? makeDivisible(standardPoint * f.alpha, 8) : standardPoint);
  x = g.globalAveragePool(x, { keepDims: true }, 'global_average_pooling2d');
  x = g.hardSwish(g.scale(g.conv2d(x, { filters: lastPoint, kernelSize: 1, padding: 'same' }, 'conv_2'), 'lastLayerChannels', f.lastLayerChannels === null ? ['alpha'] : []), 'conv_2_hard_swish');
  x = g.scale(g.conv2d(g.dropout(x, 0.2, 'dropout'), { filters: f.classes, kernelSize: 1, padding: 'same' }, 'logits'), 'classes');
  return g.build([g.softmax(g.flatten(x, 'flatten'), 'predictions')]);
}
