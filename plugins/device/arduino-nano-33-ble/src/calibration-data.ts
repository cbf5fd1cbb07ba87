import type { CalibrationPoint } from '@cnn-analyzer/device';

/**
 * No per-model measurement on this board is in hand. Its nRF52840 has the same Cortex-M4F core as the
 * NUCLEO-L4R5ZI and runs the same TFLM reference kernels, so the cycles per MAC fitted on the MLPerf Tiny v0.5
 * reference results of that board apply here at 64 MHz (flash wait states differ; treat the estimate as such).
 */
export const TRANSFERRED_FROM = 'MLPerf Tiny v0.5, closed/reference, NUCLEO-L4R5ZI (Cortex-M4F), TFLM v2.3.1: VWW 1.665 inf/s, KWS 5.497 inf/s';

/** The NUCLEO-L4R5ZI's published points, in that board's own terms (120 MHz). */
export const M4F_POINTS: readonly CalibrationPoint[] = [
  { label: 'VWW on NUCLEO-L4R5ZI', family: 'mobilenet-v1', ms: 1000 / 1.665, source: TRANSFERRED_FROM, features: { node: 31, 'mac.first': 497_664, 'chan.conv': 1_496, 'out.conv': 142_848, 'weights.conv': 197_936, input: 27_648, 'mac.depthwise': 798_336, 'chan.depthwise': 1_240, 'out.depthwise': 88_704, 'weights.depthwise': 12_400, 'mac.pointwise': 6_193_152, pool: 2_304, 'mac.dense': 512, 'out.dense': 2, 'weights.dense': 514, softmax: 2 }, fit: true },
  { label: 'KWS on NUCLEO-L4R5ZI', family: 'ds-cnn', ms: 1000 / 5.497, source: TRANSFERRED_FROM, features: { node: 13, 'mac.first': 320_000, 'chan.conv': 320, 'out.conv': 40_000, 'weights.conv': 19_264, input: 490, 'mac.depthwise': 288_000, 'chan.depthwise': 256, 'out.depthwise': 32_000, 'weights.depthwise': 2_560, 'mac.pointwise': 2_048_000, pool: 8_000, 'mac.dense': 768, 'out.dense': 12, 'weights.dense': 780, softmax: 12 }, fit: true },
];

/** Clock of the board the points were measured on, Hz. */
export const M4F_POINTS_CLOCK_HZ = 120_000_000;
