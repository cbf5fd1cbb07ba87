import { z } from 'zod';
import { defineOp, elements, type OpDefinition } from './definition.js';

export const noAttrs = z.object({}).strict();
export type NoAttrs = z.output<typeof noAttrs>;

/** A one-input element-wise op costing `perElement` element operations per output element. */
function elementwiseUnary(type: string, perElement: number): OpDefinition<NoAttrs> {
  return defineOp<NoAttrs>({
    type,
    attrs: noAttrs,
    inputs: 1,
    outputs: 1,
    inferShapes: ([input]) => [input!],
    flops: (_inputs, [out]) => perElement * elements(out!),
  });
}

/** max(x, 0): 1 element operation (max) */
export const relu = elementwiseUnary('relu', 1);
/** min(max(x, 0), 6): 2 (max, min) */
export const relu6 = elementwiseUnary('relu6', 2);
/** x · ReLU6(x + 3) / 6: 5 (hard-sigmoid and a multiply) */
export const hardSwish = elementwiseUnary('hardSwish', 5);
/** ReLU6(x + 3) / 6: 4 (add 3, max, min, scale 1/6) */
export const hardSigmoid = elementwiseUnary('hardSigmoid', 4);
/** 1 / (1 + e^−x): 4 (negate, exp, add 1, divide) */
export const sigmoid = elementwiseUnary('sigmoid', 4);

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
  // exp, sum, divide per element
  flops: (_inputs, [out]) => 3 * elements(out!),
});
