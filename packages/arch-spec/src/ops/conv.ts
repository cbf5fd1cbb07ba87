import { z } from 'zod';
import { defineOp, elements, featureMap, positiveSpatial, windowOutput, type WeightSpec } from './definition.js';

const pair = z.tuple([z.number().int().positive(), z.number().int().positive()]);
const padding = z.enum(['same', 'valid']);

export const conv2dAttrs = z
  .object({
    filters: z.number().int().positive(),
    kernelSize: pair,
    strides: pair,
    padding,
    /** Grouped convolution: input and output channels split into this many groups. */
    groups: z.number().int().positive(),
    useBias: z.boolean(),
  })
  .strict();

export const depthwiseConv2dAttrs = z
  .object({
    kernelSize: pair,
    strides: pair,
    padding,
    depthMultiplier: z.number().int().positive(),
    useBias: z.boolean(),
  })
  .strict();

export type Conv2dAttrs = z.output<typeof conv2dAttrs>;
export type DepthwiseConv2dAttrs = z.output<typeof depthwiseConv2dAttrs>;

function biasOf(useBias: boolean, channels: number): WeightSpec[] {
  return useBias ? [{ role: 'bias', shape: [channels], trainable: true }] : [];
}

export const conv2d = defineOp<Conv2dAttrs>({
  type: 'conv2d',
  attrs: conv2dAttrs,
  inputs: 1,
  outputs: 1,
  inferShapes([input], a) {
    const [h, w, c] = featureMap(input);
    if (c % a.groups !== 0) throw new Error(`input channels ${c} are not divisible by groups ${a.groups}`);
    if (a.filters % a.groups !== 0) throw new Error(`filters ${a.filters} are not divisible by groups ${a.groups}`);
    const oh = windowOutput(h, a.kernelSize[0], a.strides[0], a.padding);
    const ow = windowOutput(w, a.kernelSize[1], a.strides[1], a.padding);
    positiveSpatial(oh, ow);
    return [[oh, ow, a.filters]];
  },
  weights([input], a) {
    const c = featureMap(input)[2];
    return [
      { role: 'kernel', shape: [a.kernelSize[0], a.kernelSize[1], c / a.groups, a.filters], trainable: true },
      ...biasOf(a.useBias, a.filters),
    ];
  },
  // kh·kw·(Cin/groups) per output element
  macs: ([input], [out], a) => a.kernelSize[0] * a.kernelSize[1] * (input![2]! / a.groups) * elements(out!),
  flops(inputs, outputs, a) {
    return 2 * this.macs!(inputs, outputs, a) + (a.useBias ? elements(outputs[0]!) : 0);
  },
});

export const depthwiseConv2d = defineOp<DepthwiseConv2dAttrs>({
  type: 'depthwiseConv2d',
  attrs: depthwiseConv2dAttrs,
  inputs: 1,
  outputs: 1,
  inferShapes([input], a) {
    const [h, w, c] = featureMap(input);
    const oh = windowOutput(h, a.kernelSize[0], a.strides[0], a.padding);
    const ow = windowOutput(w, a.kernelSize[1], a.strides[1], a.padding);
    positiveSpatial(oh, ow);
    return [[oh, ow, c * a.depthMultiplier]];
  },
  weights([input], a) {
    const c = featureMap(input)[2];
    return [
      { role: 'kernel', shape: [a.kernelSize[0], a.kernelSize[1], c, a.depthMultiplier], trainable: true },
      ...biasOf(a.useBias, c * a.depthMultiplier),
    ];
  },
  // kh·kw per output element
  macs: (_inputs, [out], a) => a.kernelSize[0] * a.kernelSize[1] * elements(out!),
  flops(inputs, outputs, a) {
    return 2 * this.macs!(inputs, outputs, a) + (a.useBias ? elements(outputs[0]!) : 0);
  },
});
