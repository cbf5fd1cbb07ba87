import type { CalibrationPoint } from '@cnn-analyzer/device';

const MLPERF = 'MLPerf Tiny v0.5 results, closed division, "reference" submission, NUCLEO-L4R5ZI at 120 MHz, TFLM v2.3.1 (mlcommons/tiny_results_v0.5: closed/reference/results/Nucleo-L4R5ZI/<task>/performance/results.txt, median throughput)';

/**
 * Published latencies (1 / median throughput) of the MLPerf Tiny reference models on the
 * NUCLEO-L4R5ZI with TFLM v2.3.1. Work per cost class: the same models' .tflite files
 * (shared/reference-models) as CNN Analyzer counts them (checked in the plugin's test).
 * VWW and KWS fit the model; the ResNet IC model is held out.
 */
export const TFLM_POINTS: readonly CalibrationPoint[] = [
  { label: 'VWW MobileNet v1 0.25 (1.665 inf/s)', ms: 1000 / 1.665, source: MLPERF, work: { conv: 497_664, pointwise: 6_193_152, depthwise: 798_336, pool: 256, movement: 256, dense: 512, softmax: 2 }, fit: true },
  { label: 'KWS DS-CNN (5.497 inf/s)', ms: 1000 / 5.497, source: MLPERF, work: { conv: 320_000, pointwise: 2_048_000, depthwise: 288_000, pool: 64, movement: 64, dense: 768, softmax: 12 }, fit: true },
  { label: 'IC ResNet-8 (1.420 inf/s)', ms: 1000 / 1.42, source: MLPERF, work: { conv: 12_238_848, pointwise: 262_144, elementwise: 28_672, softmax: 10, pool: 64, movement: 64, dense: 640 }, fit: false },
];
