import { z } from 'zod';
import { defineOp, type OpDefinition } from './definition.js';

export const noAttrs = z.object({}).strict();
export type NoAttrs = z.output<typeof noAttrs>;

function elementwiseUnary(type: string): OpDefinition<NoAttrs> {
  return defineOp<NoAttrs>({
    type,
    attrs: noAttrs,
    inputs: 1,
    outputs: 1,
    inferShapes: ([input]) => [input!],
  });
}

/** max(x, 0) */
export const relu = elementwiseUnary('relu');
/** min(max(x, 0), 6) */
export const relu6 = elementwiseUnary('relu6');
/** x · ReLU6(x + 3) / 6 */
export const hardSwish = elementwiseUnary('hardSwish');
/** ReLU6(x + 3) / 6 */
export const hardSigmoid = elementwiseUnary('hardSigmoid');
/** 1 / (1 + e^−x) */
export const sigmoid = elementwiseUnary('sigmoid');

export const softmaxAttrs = z.object({ axis: z.number().int() }).strict();
export type SoftmaxAttrs = z.output<typeof softmaxAttrs>;

/** Softmax over one axis (−1: the last). */
export const softmax = defineOp<SoftmaxAttrs>({
  type: 'softmax',
  attrs: softmaxAttrs,
  inputs: 1,
  outputs: 1,
  inferShapes([input], a) {
    const rank = input!.length;
    if (a.axis >= rank || a.axis < -rank) throw new Error(`axis ${a.axis} is outside a rank-${rank} input`);
    return [input!];
  },
});
