import { GraphBuilder, prefixedNames, makeDivisible, type LayerGraph } from '@cnn-analyzer/arch-spec';
import { STUDY_SMALL, type MobileNetV3Factors } from './factors.js';
import { activate } from './layers.js';

/** Layer names, made once per block (see `prefixedNames`). */
const named = prefixedNames();

/** Output channels of the study's bottlenecks: make_divisible(c·α, 8). */
export function studyBlockChannels(alpha: number): number[] {
  return STUDY_SMALL.map((blk) => makeDivisible(blk.c * alpha, 8));
}

/**
 * The study's MobileNetV3-Small: 16-channel stem (not scaled), bottlenecks with an expansion conv
 * (also for e = 1), "valid" depthwise for stride 2, squeeze-excite as GAP → reshape → dense (no
 * bias) → ReLU → dense (no bias) → hard-sigmoid → multiply, penultimate 1×1 conv (576) → BN →
 * hard-swish, then the MV3 head: GAP → 1×1 conv (ll) → 1×1 conv (classes) → flatten → softmax.
 */
export function buildStudySmall(f: MobileNetV3Factors): LayerGraph {
  const g = new GraphBuilder(f.squeeze ? 'mobilenetv3small' : 'mobilenetv3smallNSQ');
  const input = g.input([f.resolution, f.resolution, f.inputChannels]);
  let x = g.conv2d(input, { filters: 16, kernelSize: 3, strides: 2, padding: 'same', useBias: false }, 'block_0_expand_conv2d');
  x = g.hardSwish(g.batchNorm(x, {}, 'block_0_expand_bn'), 'block_0_hard_swish');
  STUDY_SMALL.forEach((blk, i) => {
    const p = named(`block_${i + 1}_`);
    const inChannels = g.channels(x);
    const out = makeDivisible(blk.c * f.alpha, 8);
    let y = g.scale(g.conv2d(x, { filters: makeDivisible(inChannels * blk.e, 8), kernelSize: 1, padding: 'same', useBias: false }, p('expand_conv2d')), g.widthFactors(x));
    y = activate(g, g.batchNorm(y, {}, p('expand_bn')), blk.act, p('expand_act'));
    y = g.depthwiseConv2d(y, { kernelSize: blk.k, strides: blk.s, padding: blk.s === 1 ? 'same' : 'valid', useBias: false }, p('depthwise'));
    y = activate(g, g.batchNorm(y, {}, p('depthwise_bn')), blk.act, p('depthwise_act'));
    if (f.squeeze && blk.se) {
      const c = g.channels(y);
      let s = g.reshape(g.globalAveragePool(y, { keepDims: true }, p('se_pool')), [1, 1, c], p('se_reshape'));
      s = g.relu(g.scale(g.dense(s, makeDivisible(c / 4, 8), { useBias: false }, p('se_reduce')), g.widthFactors(y)), p('se_relu'));
      s = g.hardSigmoid(g.scale(g.dense(s, c, { useBias: false }, p('se_expand')), g.widthFactors(y)), p('se_hard_sigmoid'));
      y = g.multiply([y, s], p('se_multiply'));
    }
    y = g.batchNorm(g.scale(g.conv2d(y, { filters: out, kernelSize: 1, padding: 'same', useBias: false }, p('project')), 'alpha'), {}, p('project_bn'));
    x = blk.s === 1 && inChannels === out ? g.add([y, x], p('add')) : y;
  });
  x = g.scale(g.conv2d(x, { filters: f.penultimateLayerChannels ?? 576, kernelSize: 1, padding: 'same', useBias: false }, 'block_12_expand_conv2d'), 'penultimateLayerChannels');
  x = g.hardSwish(g.batchNorm(x, {}, 'block_12_expand_bn'), 'block_12_hard_swish');
  x = g.globalAveragePool(x, { keepDims: true }, 'head_pool');
  x = g.scale(g.conv2d(x, { filters: f.lastLayerChannels ?? 1280, kernelSize: 1, padding: 'same', useBias: false }, 'head_conv'), 'lastLayerChannels');
  x = g.scale(g.conv2d(x, { filters: f.classes, kernelSize: 1, padding: 'same', useBias: false }, 'head_logits'), 'classes');
  return g.build([g.softmax(g.flatten(x, 'flatten'), 'softmax')]);
}
