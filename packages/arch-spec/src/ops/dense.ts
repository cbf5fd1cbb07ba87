import { z } from 'zod';
import { defineOp, elements } from './definition.js';

export const denseAttrs = z
  .object({
    units: z.number().int().positive(),
    useBias: z.boolean(),
  })
  .strict();

export type DenseAttrs = z.output<typeof denseAttrs>;

/** Fully connected layer on the last axis (Keras `Dense`). */
export const dense = defineOp<DenseAttrs>({
  type: 'dense',
  attrs: denseAttrs,
  inputs: 1,
  outputs: 1,
  inferShapes([input], a) {
    if (!input || input.length < 1) throw new Error(`input must have at least one axis, got ${JSON.stringify(input)}`);
    return [[...input.slice(0, -1), a.units]];
  },
  weights([input], a) {
    const features = input![input!.length - 1]!;
    const w = [{ role: 'kernel' as const, shape: [features, a.units], trainable: true }];
    return a.useBias ? [...w, { role: 'bias' as const, shape: [a.units], trainable: true }] : w;
  },
  // inputs' last axis per output element
  macs: ([input], [out]) => input![input!.length - 1]! * elements(out!),
  flops(inputs, outputs, a) {
    return 2 * this.macs!(inputs, outputs, a) + (a.useBias ? elements(outputs[0]!) : 0);
  },
});
