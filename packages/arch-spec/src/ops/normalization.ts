import { z } from 'zod';
import { defineOp, elements } from './definition.js';

export const batchNormAttrs = z
  .object({
    /** Added to the variance before the square root. @default 0.001 (Keras) */
    epsilon: z.number().positive(),
  })
  .strict();

export type BatchNormAttrs = z.output<typeof batchNormAttrs>;

/** Batch normalization over the last axis: 4 weights per channel (2 trainable, 2 not). */
export const batchNorm = defineOp<BatchNormAttrs>({
  type: 'batchNorm',
  attrs: batchNormAttrs,
  inputs: 1,
  outputs: 1,
  inferShapes([input]) {
    if (!input || input.length < 1) throw new Error('input must have a channel axis');
    return [input];
  },
  weights([input]) {
    const c = [input![input!.length - 1]!];
    return [
      { role: 'gamma', shape: c, trainable: true },
      { role: 'beta', shape: c, trainable: true },
      { role: 'movingMean', shape: c, trainable: false },
      { role: 'movingVariance', shape: c, trainable: false },
    ];
  },
  // scale and shift once folded for inference
  flops: (_inputs, [out]) => 2 * elements(out!),
});
