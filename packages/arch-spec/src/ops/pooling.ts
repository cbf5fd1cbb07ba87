import { z } from 'zod';
import { defineOp, elements, featureMap, positiveSpatial, windowOutput } from './definition.js';

const pair = z.tuple([z.number().int().positive(), z.number().int().positive()]);

export const poolAttrs = z
  .object({ poolSize: pair, strides: pair, padding: z.enum(['same', 'valid']) })
  .strict();
export type PoolAttrs = z.output<typeof poolAttrs>;

/** A window pool; `perWindow` element operations per output element from the window's size (k). */
function windowPool(type: string, perWindow: (k: number) => number) {
  return defineOp<PoolAttrs>({
    type,
    attrs: poolAttrs,
    inputs: 1,
    outputs: 1,
    inferShapes([input], a) {
      const [h, w, c] = featureMap(input);
      const oh = windowOutput(h, a.poolSize[0], a.strides[0], a.padding);
      const ow = windowOutput(w, a.poolSize[1], a.strides[1], a.padding);
      positiveSpatial(oh, ow);
      return [[oh, ow, c]];
    },
    flops: (_inputs, [out], a) => perWindow(a.poolSize[0] * a.poolSize[1]) * elements(out!),
  });
}

/** k additions (and a scale) per output. */
export const averagePool = windowPool('averagePool', (k) => k);
/** k − 1 comparisons per output. */
export const maxPool = windowPool('maxPool', (k) => k - 1);

export const globalPoolAttrs = z.object({ keepDims: z.boolean() }).strict();
export type GlobalPoolAttrs = z.output<typeof globalPoolAttrs>;

/** Mean over H and W: `[H, W, C]` → `[C]`, or `[1, 1, C]` with `keepDims`. */
export const globalAveragePool = defineOp<GlobalPoolAttrs>({
  type: 'globalAveragePool',
  attrs: globalPoolAttrs,
  inputs: 1,
  outputs: 1,
  inferShapes([input], a) {
    const c = featureMap(input)[2];
    return [a.keepDims ? [1, 1, c] : [c]];
  },
  // one addition per input element
  flops: ([input]) => elements(input!),
});
