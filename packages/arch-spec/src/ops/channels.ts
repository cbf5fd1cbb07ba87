import { z } from 'zod';
import { defineOp } from './definition.js';

export const concatAttrs = z.object({ axis: z.number().int() }).strict();
export type ConcatAttrs = z.output<typeof concatAttrs>;

function normalizeAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} is outside a rank-${rank} input`);
  return a;
}

/** Concatenate along one axis; every other axis must match. */
export const concat = defineOp<ConcatAttrs>({
  type: 'concat',
  attrs: concatAttrs,
  inputs: 'many',
  outputs: 1,
  inferShapes(inputs, a) {
    if (inputs.length < 2) throw new Error(`needs at least 2 inputs, got ${inputs.length}`);
    const first = inputs[0]!;
    const axis = normalizeAxis(a.axis, first.length);
    const out = [...first];
    out[axis] = 0;
    for (const s of inputs) {
      if (s.length !== first.length || s.some((d, i) => i !== axis && d !== first[i])) {
        throw new Error(`inputs ${inputs.map((x) => JSON.stringify(x)).join(', ')} differ outside axis ${a.axis}`);
      }
      out[axis]! += s[axis]!;
    }
    return [out];
  },
});

export const channelSplitAttrs = z.object({ parts: z.number().int().min(2) }).strict();
export type ChannelSplitAttrs = z.output<typeof channelSplitAttrs>;

/** Split the channel axis into `parts` equal slices (ShuffleNet v2 channel split). */
export const channelSplit = defineOp<ChannelSplitAttrs>({
  type: 'channelSplit',
  attrs: channelSplitAttrs,
  inputs: 1,
  outputs: (a) => a.parts,
  inferShapes([input], a) {
    const c = input![input!.length - 1]!;
    if (c % a.parts !== 0) throw new Error(`channels ${c} are not divisible into ${a.parts} equal parts`);
    const part = [...input!.slice(0, -1), c / a.parts];
    return Array.from({ length: a.parts }, () => part);
  },
});

export const channelShuffleAttrs = z.object({ groups: z.number().int().min(1) }).strict();
export type ChannelShuffleAttrs = z.output<typeof channelShuffleAttrs>;

/** Reorder channels so that each group receives channels of every other group. */
export const channelShuffle = defineOp<ChannelShuffleAttrs>({
  type: 'channelShuffle',
  attrs: channelShuffleAttrs,
  inputs: 1,
  outputs: 1,
  inferShapes([input], a) {
    const c = input![input!.length - 1]!;
    if (c % a.groups !== 0) throw new Error(`channels ${c} are not divisible by groups ${a.groups}`);
    return [input!];
  },
});
