import { z } from 'zod';
import { absoluteChannels, headerFactorSchemas } from '@cnn-analyzer/arch-spec';

/** Every factor of MobileNet v3, with its valid range. */
export const factors = z
  .object({
    ...headerFactorSchemas(),
    variant: z.enum(['small', 'large']).describe('MobileNetV3-Small or -Large (chosen by the base name)'),
    squeeze: z.boolean().describe('keep the squeeze-and-excitation blocks (false = "NSQ" base name)'),
    penultimateLayerChannels: absoluteChannels('channels of the 1×1 conv after the last bottleneck (absolute; null = 576 for the study small, 6× the last bottleneck for Keras)'),
    lastLayerChannels: absoluteChannels('channels of the 1×1 conv in the head (absolute; null = 1280 for the study small, 1024/1280 for Keras small/large)'),
    keras: z.boolean().describe('build the Keras-applications network (always so for large)'),
  })
  .strict();

export type MobileNetV3Factors = z.output<typeof factors>;

/** Defaults: the study's MobileNetV3-Small at α = 0.3 with squeeze-and-excitation. */
export const defaults: MobileNetV3Factors = {
  alpha: 0.3,
  resolution: 96,
  inputChannels: 3,
  classes: 2,
  variant: 'small',
  squeeze: true,
  penultimateLayerChannels: null,
  lastLayerChannels: null,
  keras: false,
};

/** Name codes, in the order they are written: `l32pl128`; `keras` alone for the Keras network. */
export const codes = { lastLayerChannels: 'l', penultimateLayerChannels: 'pl', keras: 'keras' } as const;

/** Base names and the factors each stands for; large exists only as the Keras network. */
export const bases = [
  { base: 'mobilenetv3small', factors: { variant: 'small', squeeze: true } },
  { base: 'mobilenetv3smallNSQ', factors: { variant: 'small', squeeze: false } },
  { base: 'mobilenetv3large', factors: { variant: 'large', squeeze: true, keras: true } },
  { base: 'mobilenetv3largeNSQ', factors: { variant: 'large', squeeze: false, keras: true } },
] as const;

/** One bottleneck: output channels before α, kernel, expansion (relative to actual input), stride, SE, activation. */
export interface Bottleneck {
  readonly c: number;
  readonly k: number;
  readonly e: number;
  readonly s: 1 | 2;
  readonly se: boolean;
  readonly act: 'relu' | 'relu6' | 'hardSwish';
}

const b = (c: number, k: number, e: number, s: 1 | 2, se: boolean, act: Bottleneck['act']): Bottleneck => ({ c, k, e, s, se, act });

/** The study's small network (REFERENCE-ARCHITECTURES.md; RE = ReLU6). */
export const STUDY_SMALL: readonly Bottleneck[] = [
  b(16, 3, 1, 1, false, 'relu6'),
  b(24, 3, 72 / 16, 2, true, 'relu6'),
  b(24, 3, 88 / 24, 1, false, 'relu6'),
  b(40, 5, 4, 2, true, 'hardSwish'),
  b(40, 5, 6, 1, true, 'hardSwish'),
  b(40, 5, 6, 1, true, 'hardSwish'),
  b(48, 5, 3, 1, true, 'hardSwish'),
  b(48, 5, 3, 1, true, 'hardSwish'),
  b(96, 5, 6, 2, true, 'hardSwish'),
  b(96, 5, 6, 1, true, 'hardSwish'),
  b(96, 5, 6, 1, true, 'hardSwish'),
];

/** keras.applications.MobileNetV3Small's stack (RE = plain ReLU there). */
export const KERAS_SMALL: readonly Bottleneck[] = [
  b(16, 3, 1, 2, true, 'relu'),
  b(24, 3, 72 / 16, 2, false, 'relu'),
  b(24, 3, 88 / 24, 1, false, 'relu'),
  ...[4, 6, 6].map((e, i) => b(40, 5, e, i === 0 ? 2 : 1, true, 'hardSwish')),
  b(48, 5, 3, 1, true, 'hardSwish'),
  b(48, 5, 3, 1, true, 'hardSwish'),
  ...[0, 1, 2].map((i) => b(96, 5, 6, i === 0 ? 2 : 1, true, 'hardSwish')),
];

/** keras.applications.MobileNetV3Large's stack. */
export const KERAS_LARGE: readonly Bottleneck[] = [
  b(16, 3, 1, 1, false, 'relu'),
  b(24, 3, 4, 2, false, 'relu'),
  b(24, 3, 3, 1, false, 'relu'),
  b(40, 5, 3, 2, true, 'relu'),
  b(40, 5, 3, 1, true, 'relu'),
  b(40, 5, 3, 1, true, 'relu'),
  b(80, 3, 6, 2, false, 'hardSwish'),
  b(80, 3, 2.5, 1, false, 'hardSwish'),
  b(80, 3, 2.3, 1, false, 'hardSwish'),
  b(80, 3, 2.3, 1, false, 'hardSwish'),
  b(112, 3, 6, 1, true, 'hardSwish'),
  b(112, 3, 6, 1, true, 'hardSwish'),
  b(160, 5, 6, 2, true, 'hardSwish'),
  b(160, 5, 6, 1, true, 'hardSwish'),
  b(160, 5, 6, 1, true, 'hardSwish'),
];
