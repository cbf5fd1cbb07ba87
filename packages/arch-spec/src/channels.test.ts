import { describe, expect, it } from 'vitest';
import { makeDivisible, scaleChannels } from './channels.js';

describe('channel rounding', () => {
  // Keras applications: MobileNetV2 α=0.35 has a 16-filter first conv (make_divisible(11.2) = 16)
  // and 8-channel first block (make_divisible(5.6) = 8); α=1.0 keeps 32; α=1.4 gives 48 (44.8 → 48).
  it.each([
    [32 * 0.35, 16],
    [16 * 0.35, 8],
    [32, 32],
    [32 * 1.4, 48],
    [320 * 0.35, 112],
  ])('make_divisible(%d, 8) = %d', (v, expected) => expect(makeDivisible(v, 8)).toBe(expected));

  // MISSION.md's MobileNet v1 table: int(512·0.7·0.3) = 107, int(32·0.3) = 9, int(64·0.7) = 44.
  it('truncates like Python int() in the order given', () => {
    expect(scaleChannels(512, 0.7, 0.3)).toBe(107);
    expect(scaleChannels(32, 0.3)).toBe(9);
    expect(scaleChannels(64, 0.7)).toBe(44);
  });
});
