/**
 * Keras-applications `_make_divisible`: round `value` half-up to a multiple of `divisor`,
 * never below `minValue` (default: `divisor`), and add one `divisor` when rounding
 * lost more than 10 % of `value`.
 */
export function makeDivisible(value: number, divisor = 8, minValue: number = divisor): number {
  let v = Math.max(minValue, Math.trunc(value + divisor / 2) - (Math.trunc(value + divisor / 2) % divisor));
  if (v < 0.9 * value) v += divisor;
  return v;
}

/** Channels from a multiplier, truncated like Python's `int(base * alpha)`. */
export function scaleChannels(base: number, ...multipliers: number[]): number {
  return Math.trunc(multipliers.reduce((acc, m) => acc * m, base));
}
