/** Asymmetric int8 quantization of an activation tensor. */
export interface ActivationParams {
  readonly scale: number;
  readonly zeroPoint: number;
}

/**
 * TensorFlow Lite's asymmetric int8 parameters for a calibrated range: the range is widened to
 * include 0, scale = (max − min) / 255, zero point = round(−128 − min / scale) clamped to int8.
 */
export function activationParams(min: number, max: number): ActivationParams {
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0, lo + MIN_RANGE);
  const scale = Math.fround((hi - lo) / 255);
  const zeroPoint = Math.max(-128, Math.min(127, Math.round(-128 - lo / scale)));
  return { scale, zeroPoint };
}

/**
 * Narrowest activation range used, so that a (nearly) constant tensor still gets a scale TFLite's
 * kernels accept (they check bias and output scales against each other).
 */
export const MIN_RANGE = 1e-3;

/** Softmax and logistic outputs in int8: scale 1/256, zero point −128 (TFLite's fixed choice). */
export const PROBABILITY_PARAMS: ActivationParams = { scale: 1 / 256, zeroPoint: -128 };

/** Symmetric int8 weights: per output channel (or one scale), zero point 0, values in [−127, 127]. */
export interface QuantizedWeights {
  readonly values: Int8Array;
  readonly scales: number[];
}

/**
 * Quantize weights whose output channel is `channelOf(i)` for flat index i, with one scale per
 * channel = max |w| / 127 (1 for an all-zero channel).
 */
export function quantizeSymmetric(values: Float32Array, channels: number, channelOf: (i: number) => number): QuantizedWeights {
  const maxAbs = new Float64Array(channels);
  values.forEach((v, i) => {
    const c = channelOf(i);
    maxAbs[c] = Math.max(maxAbs[c]!, Math.abs(v));
  });
  const scales = Array.from(maxAbs, (m) => Math.fround(m > 0 ? m / 127 : 1));
  const q = Int8Array.from(values, (v, i) => Math.max(-127, Math.min(127, Math.round(v / scales[channelOf(i)]!))));
  return { values: q, scales };
}

/** int32 biases with scale input scale × weight scale (per channel), zero point 0. */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: readonly number[]): { values: Int32Array; scales: number[] } {
  // float32 products, exactly as the runtime recomputes input scale × filter scale from the stored floats
  const scales = Array.from(bias, (_, c) => Math.fround(Math.fround(inputScale) * Math.fround(weightScales.length === 1 ? weightScales[0]! : weightScales[c]!)));
  // Saturate rather than wrap: a trained channel whose weights decayed to ≈0 has a bias far beyond int32 at this scale.
  return { values: Int32Array.from(bias, (b, c) => Math.max(-2147483647, Math.min(2147483647, Math.round(b / scales[c]!)))), scales };
}
