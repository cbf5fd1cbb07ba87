import { z } from 'zod';

/**
 * Zod schemas of the four factors every architecture has (the fixed part of a compound name), with
 * the ranges the built-in plugins use. Spread them into a plugin's `z.object({...})` and override
 * what differs (ShuffleNet's α is a fixed set).
 */
export function headerFactorSchemas(): {
  alpha: z.ZodNumber;
  resolution: z.ZodNumber;
  inputChannels: z.ZodNumber;
  classes: z.ZodNumber;
} {
  return {
    alpha: z.number().gt(0).lte(4).describe('width multiplier α: scales the channels of every layer'),
    resolution: z.number().int().min(32).max(1024).describe('input height and width in pixels'),
    inputChannels: z.number().int().min(1).max(16).describe('input channels (3 for RGB, 1 for grayscale)'),
    classes: z.number().int().min(1).max(100_000).describe('number of output classes'),
  };
}

/**
 * A channel count given as an absolute number, or `null` for the architecture's own default
 * (MobileNet's penultimate / last layer channels). Range 1–8192.
 */
export function absoluteChannels(description: string): z.ZodNullable<z.ZodNumber> {
  return z.number().int().min(1).max(8192).nullable().describe(description);
}
