import { z } from 'zod';
import { headerFactorSchemas } from '@cnn-analyzer/arch-spec';

/**
 * The usual width multipliers: those of the ShuffleNet v1 paper's tables. Any α in (0, 4] is allowed for which
 * the architecture's rule holds (every grouped convolution's channels divisible by g, stage widths rounded as the
 * study's code rounds them); the study itself built and measured others, such as 0.2.
 */
export const ALPHAS = [0.25, 0.5, 1, 1.5] as const;
/** Group counts of the ShuffleNet v1 paper. */
export const GROUPS = [1, 2, 3, 4, 8] as const;

const oneOf = <T extends number>(values: readonly T[]) =>
  z.union(values.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<T>, z.ZodLiteral<T>, ...z.ZodLiteral<T>[]]);

/** Every factor of ShuffleNet v1, with its valid set or range. */
export const factors = z
  .object({
    ...headerFactorSchemas(),
    alpha: headerFactorSchemas().alpha.describe(`width multiplier α (scales the stage widths; usual: ${ALPHAS.join(', ')})`),
    groups: oneOf(GROUPS).describe('groups g of the 1×1 convolutions and the channel shuffle'),
  })
  .strict();

export type ShuffleNetV1Factors = z.output<typeof factors>;

/**
 * Defaults: α = 0.25 with g = 3, the ShuffleNet v1 paper's main setting. MISSION.md leaves defaults out of
 * names yet writes `shufflenetv1_0.25_96_c3_o2_g1`, so g = 1 cannot be the default; the study itself always
 * wrote `g<n>` (no name-level default), and its builder's own default g = 2 breaks the group rule at α = 0.25.
 */
export const defaults: ShuffleNetV1Factors = { alpha: 0.25, resolution: 96, inputChannels: 3, classes: 2, groups: 3 };

/** Name codes: `g1`. */
export const codes = { groups: 'g' } as const;

/** Stage-2 width per group count (ShuffleNet v1 paper, Table 1); doubled per stage. */
export const BASE_WIDTH: Readonly<Record<(typeof GROUPS)[number], number>> = { 1: 144, 2: 200, 3: 240, 4: 272, 8: 384 };

/** Units per stage; the first of each has stride 2. */
export const UNITS = [4, 8, 4] as const;

/** Output channels of the stem convolution. */
export const STEM_CHANNELS = 24;
