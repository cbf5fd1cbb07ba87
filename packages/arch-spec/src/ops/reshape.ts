import { z } from 'zod';
import { defineOp, featureMap } from './definition.js';
import { noAttrs, type NoAttrs } from './activation.js';
import { elementCount } from '../tensor.js';

export const reshapeAttrs = z.object({ targetShape: z.array(z.number().int()).min(1) }).strict();
export type ReshapeAttrs = z.output<typeof reshapeAttrs>;

/** Change the shape, keeping the elements; one `-1` entry is inferred. */
export const reshape = defineOp<ReshapeAttrs>({
  type: 'reshape',
  attrs: reshapeAttrs,
  inputs: 1,
  outputs: 1,
  aliasesInput: true,
  inferShapes([input], a) {
    const total = elementCount(input!);
    const unknown = a.targetShape.filter((d) => d === -1).length;
    if (unknown > 1) throw new Error('targetShape may contain at most one -1');
    if (a.targetShape.some((d) => d === 0 || d < -1)) throw new Error(`targetShape ${JSON.stringify(a.targetShape)} has a non-positive size`);
    const known = a.targetShape.filter((d) => d !== -1).reduce((x, y) => x * y, 1);
    const out = a.targetShape.map((d) => (d === -1 ? total / known : d));
    if (!out.every(Number.isInteger) || elementCount(out) !== total) {
      throw new Error(`cannot reshape ${JSON.stringify(input)} (${total} elements) to ${JSON.stringify(a.targetShape)}`);
    }
    return [out];
  },
});

/** Collapse every axis into one. */
export const flatten = defineOp<NoAttrs>({
  type: 'flatten',
  attrs: noAttrs,
  inputs: 1,
  outputs: 1,
  aliasesInput: true,
  inferShapes: ([input]) => [[elementCount(input!)]],
});

export const dropoutAttrs = z.object({ rate: z.number().min(0).lt(1) }).strict();
export type DropoutAttrs = z.output<typeof dropoutAttrs>;

/** Identity at inference; drops `rate` of the units while training. */
export const dropout = defineOp<DropoutAttrs>({
  type: 'dropout',
  attrs: dropoutAttrs,
  inputs: 1,
  outputs: 1,
  aliasesInput: true,
  inferShapes: ([input]) => [input!],
});

const nonNegativePair = z.tuple([z.number().int().min(0), z.number().int().min(0)]);
export const zeroPaddingAttrs = z
  .object({ padding: z.tuple([nonNegativePair, nonNegativePair]) })
  .strict();
export type ZeroPaddingAttrs = z.output<typeof zeroPaddingAttrs>;

/** Pad H and W with zeros: `padding = [[top, bottom], [left, right]]`. */
export const zeroPadding = defineOp<ZeroPaddingAttrs>({
  type: 'zeroPadding',
  attrs: zeroPaddingAttrs,
  inputs: 1,
  outputs: 1,
  inferShapes([input], a) {
    const [h, w, c] = featureMap(input);
    const [[t, b], [l, r]] = a.padding;
    return [[h + t + b, w + l + r, c]];
  },
});
