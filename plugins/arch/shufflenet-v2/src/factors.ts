import { z } from 'zod';
import { headerFactorSchemas } from '@cnn-analyzer/arch-spec';

/** Start width c (stage-2 branch channels) per width multiplier: the study's table. */
export const START_CHANNELS = { 0.05: 6, 0.1: 12, 0.2: 24, 0.25: 28, 0.35: 36, 0.5: 48, 1: 116, 1.5: 176, 2: 244 } as const;
export type ShuffleNetV2Alpha = keyof typeof START_CHANNELS;
const ALPHAS = Object.keys(START_CHANNELS).map(Number).sort((a, b) => a - b) as ShuffleNetV2Alpha[];

/** Every factor of ShuffleNet v2 (the study's "tiny" variant), with its valid set or range. */
export const factors = z
  .object({
    ...headerFactorSchemas(),
    alpha: z
      .union(ALPHAS.map((a) => z.literal(a)) as unknown as [z.ZodLiteral<ShuffleNetV2Alpha>, z.ZodLiteral<ShuffleNetV2Alpha>])
      .describe('width multiplier α, selecting the start width from the study table'),
    firstLayerChannels: z.number().int().min(1).max(1024).describe('output channels of the stem convolution'),
    lastLayerChannels: z.number().int().min(1).max(8192).describe('channels of the final 1×1 convolution'),
  })
  .strict();

export type ShuffleNetV2Factors = z.output<typeof factors>;

/** Defaults: α = 0.25 with the paper's 24 stem channels and 1024 final channels. */
export const defaults: ShuffleNetV2Factors = { alpha: 0.25, resolution: 96, inputChannels: 3, classes: 2, firstLayerChannels: 24, lastLayerChannels: 1024 };

/** Name codes, in the order they are written: `f16l128`. */
export const codes = { firstLayerChannels: 'f', lastLayerChannels: 'l' } as const;

/** Basic units after each stage's down-sampling unit. */
export const REPEATS = [3, 7, 3] as const;
