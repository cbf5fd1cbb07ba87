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

/** The int32 bias a MAC operator adds, with the scale of the operator's input: what {@link quantizeSymmetric} makes room for. */
export interface BiasFit {
  readonly bias: Float32Array;
  readonly inputScale: number;
}

const INT32_MAX = 2147483647;

/**
 * Quantize weights whose output channel is `channelOf(i)` for flat index i, with one scale per
 * channel = max |w| / 127 (1 for an all-zero channel). Given the bias, a scale is raised as TensorFlow's
 * converter raises it (`AdjustWeightsForBiasScale`): where |bias| ≥ ½ · input scale · weight scale · (2³¹ − 1),
 * i.e. the int32 bias would fill more than half its range, the weight scale becomes 2 · |bias| / ((2³¹ − 1) · input
 * scale), so the bias lands at half the int32 range and the constant it adds is kept (a channel whose weights decayed
 * to ≈0 still outputs its bias). With one scale for all channels the largest |bias| decides.
 */
export function quantizeSymmetric(values: Float32Array, channels: number, channelOf: (i: number) => number, fit?: BiasFit): QuantizedWeights {
  const maxAbs = new Float64Array(channels);
  values.forEach((v, i) => {
    const c = channelOf(i);
    maxAbs[c] = Math.max(maxAbs[c]!, Math.abs(v));
  });
  const scales = Array.from(maxAbs, (m) => Math.fround(m > 0 ? m / 127 : 1));
  if (fit) {
    const biasOf = (c: number): number => (channels === 1 ? fit.bias.reduce((a, b) => Math.max(a, Math.abs(b)), 0) : Math.abs(fit.bias[c]!));
    scales.forEach((s, c) => {
      const b = biasOf(c);
      if (b !== 0 && b >= 0.5 * fit.inputScale * s * INT32_MAX) scales[c] = Math.fround(Math.fround(((2 * b) / INT32_MAX) * (127 / fit.inputScale)) / 127);
    });
  }
  const q = Int8Array.from(values, (v, i) => Math.max(-127, Math.min(127, Math.round(v / scales[channelOf(i)]!))));
  return { values: q, scales };
}

/** int32 biases with scale input scale × weight scale (per channel), zero point 0. */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: readonly number[]): { values: Int32Array; scales: number[] } {
  // float32 products, exactly as the runtime recomputes input scale × filter scale from the stored floats
  const scales = Array.from(bias, (_, c) => Math.fround(Math.fround(inputScale) * Math.fround(weightScales.length === 1 ? weightScales[0]! : weightScales[c]!)));
  // Saturate rather than wrap (a bias beyond int32 only arises from weight scales not fitted with quantizeSymmetric's `fit`).
  return { values: Int32Array.from(bias, (b, c) => Math.max(-INT32_MAX, Math.min(INT32_MAX, Math.round(b / scales[c]!)))), scales };
}
