import type { CalibrationPoint } from '@cnn-analyzer/device';

const MLPERF = 'MLPerf Tiny v0.5 results, closed division, "reference" submission, NUCLEO-L4R5ZI at 120 MHz, TFLM v2.3.1 (mlcommons/tiny_results_v0.5: closed/reference/results/Nucleo-L4R5ZI/<task>/performance/results.txt, median throughput)';

/**
 * Published latencies (1 / median throughput) of the MLPerf Tiny reference models on the
 * NUCLEO-L4R5ZI with TFLM v2.3.1. Features: the same models' .tflite files
 * (shared/reference-models) as CNN Analyzer counts them (checked in the plugin's test).
 * VWW and KWS fit the model; the ResNet IC model is held out.
 */
export const TFLM_POINTS: readonly CalibrationPoint[] = [
  { label: 'VWW MobileNet v1 0.25 (1.665 inf/s)', family: 'mobilenet-v1', ms: 1000 / 1.665, source: MLPERF, features: { node: 31, 'mac.first': 497_664, 'chan.conv': 1_496, 'out.conv': 142_848, 'weights.conv': 197_936, input: 27_648, 'mac.depthwise': 798_336, 'chan.depthwise': 1_240, 'out.depthwise': 88_704, 'weights.depthwise': 12_400, 'mac.pointwise': 6_193_152, pool: 2_304, 'mac.dense': 512, 'out.dense': 2, 'weights.dense': 514, softmax: 2 }, fit: true },
  { label: 'KWS DS-CNN (5.497 inf/s)', family: 'ds-cnn', ms: 1000 / 5.497, source: MLPERF, features: { node: 13, 'mac.first': 320_000, 'chan.conv': 320, 'out.conv': 40_000, 'weights.conv': 19_264, input: 490, 'mac.depthwise': 288_000, 'chan.depthwise': 256, 'out.depthwise': 32_000, 'weights.depthwise': 2_560, 'mac.pointwise': 2_048_000, pool: 8_000, 'mac.dense': 768, 'out.dense': 12, 'weights.dense': 780, softmax: 12 }, fit: true },
  { label: 'IC ResNet-8 (1.420 inf/s)', family: 'resnet-8', ms: 1000 / 1.42, source: MLPERF, features: { node: 16, 'mac.first': 442_368, 'chan.conv': 336, 'out.conv': 86_016, 'weights.conv': 77_056, input: 3_072, 'mac.conv': 11_796_480, add: 28_672, 'mac.pointwise': 262_144, pool: 4_096, 'mac.dense': 640, 'out.dense': 10, 'weights.dense': 650, softmax: 10 }, fit: false },
];
