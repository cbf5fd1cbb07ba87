import type { CalibrationPoint } from '@cnn-analyzer/device';

/**
 * No per-model measurement on this board is in hand. Its nRF52840 has the same Cortex-M4F core as the
 * NUCLEO-L4R5ZI and runs the same TFLM reference kernels, so the cycles per MAC fitted on the MLPerf Tiny v0.5
 * reference results of that board apply here at 64 MHz (flash wait states differ; treat the estimate as such).
 */
export const TRANSFERRED_FROM = 'MLPerf Tiny v0.5, closed/reference, NUCLEO-L4R5ZI (Cortex-M4F), TFLM v2.3.1: VWW 1.665 inf/s, KWS 5.497 inf/s';

/** The NUCLEO-L4R5ZI's published points, in that board's own terms (120 MHz). */
export const M4F_POINTS: readonly CalibrationPoint[] = [
  { label: 'VWW on NUCLEO-L4R5ZI', ms: 1000 / 1.665, source: TRANSFERRED_FROM, work: { conv: 497_664, pointwise: 6_193_152, depthwise: 798_336, pool: 256, movement: 256, dense: 512, softmax: 2 }, fit: true },
  { label: 'KWS on NUCLEO-L4R5ZI', ms: 1000 / 5.497, source: TRANSFERRED_FROM, work: { conv: 320_000, pointwise: 2_048_000, depthwise: 288_000, pool: 64, movement: 64, dense: 768, softmax: 12 }, fit: true },
];

/** Clock of the board the points were measured on, Hz. */
export const M4F_POINTS_CLOCK_HZ = 120_000_000;
