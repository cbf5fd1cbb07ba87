import { z } from 'zod';
import { absoluteChannels, headerFactorSchemas } from '@cnn-analyzer/arch-spec';

/** Every factor of MobileNet v1, with its valid range. */
export const factors = z
  .object({
    ...headerFactorSchemas(),
    loopLength: z.number().int().min(0).max(5).describe('how many of the five identical 512·α·β-channel blocks are kept'),
    penultimateLayerChannels: absoluteChannels('channels of the stride-2 pointwise conv before the last one (absolute; null = 1024·α)'),
    lastLayerChannels: absoluteChannels('channels of the last pointwise conv (absolute; null = 1024·α)'),
    beta: z.number().gt(0).lte(4).describe('β: multiplies α for the stride-2 512-channel block and the repeated blocks'),
    keras: z.boolean().describe('build keras.applications.MobileNet at this α instead of the MLPerf Tiny network'),
  })
  .strict();

export type MobileNetV1Factors = z.output<typeof factors>;

/** Defaults: the MLPerf Tiny Visual Wake Words reference model. */
export const defaults: MobileNetV1Factors = {
  alpha: 0.25,
  resolution: 96,
  inputChannels: 3,
  classes: 2,
  loopLength: 5,
  penultimateLayerChannels: null,
  lastLayerChannels: null,
  beta: 1,
  keras: false,
};

/** Name codes, in the order they are written: `l5ll32pl64b0.3`. */
export const codes = {
  loopLength: 'l',
  lastLayerChannels: 'll',
  penultimateLayerChannels: 'pl',
  beta: 'b',
  keras: 'keras',
} as const;
