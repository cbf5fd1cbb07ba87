import { z } from 'zod';
import { absoluteChannels, headerFactorSchemas } from '@cnn-analyzer/arch-spec';

/** Every factor of MobileNet v2, with its valid range. */
export const factors = z
  .object({
    ...headerFactorSchemas(),
    expansion: z.number().int().min(1).max(6).describe('expansion factor t of every inverted residual block'),
    lastLayerChannels: absoluteChannels('channels of the last 1×1 conv (absolute; null = 1280, or make_divisible(1280·α) for α > 1)'),
    keras: z.boolean().describe('build the standard Keras-applications MobileNetV2 at this α instead of the study variant'),
  })
  .strict();

export type MobileNetV2Factors = z.output<typeof factors>;

/** Defaults: the study's setting at α = 0.35 with the paper's t = 6 and 1280 last channels. */
export const defaults: MobileNetV2Factors = {
  alpha: 0.35,
  resolution: 96,
  inputChannels: 3,
  classes: 2,
  expansion: 6,
  lastLayerChannels: null,
  keras: false,
};

/** Name codes, in the order they are written: `t5l256`, or `keras`. */
export const codes = { expansion: 't', lastLayerChannels: 'l', keras: 'keras' } as const;

/** (c, repeats, first stride) of the six stages after block 0 (MobileNetV2 paper, Table 2). */
export const STAGES: readonly (readonly [channels: number, repeats: number, stride: 1 | 2])[] = [
  [24, 2, 2],
  [32, 3, 2],
  [64, 4, 2],
  [96, 3, 1],
  [160, 3, 2],
  [320, 1, 1],
];
