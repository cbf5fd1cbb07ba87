import { calibratedLatency, defineDevice, type LatencyFeature } from '@cnn-analyzer/device';
import { CMSIS_NN_DUAL_CORE_POINTS, CMSIS_NN_POINTS, PICO_BENCHMARK_CLOCK_HZ } from './calibration-data.js';

/**
 * The terms fitted on the per-operator profile. CMSIS-NN runs 1×1 and k×k convolutions through the
 * same int8 matrix-multiply kernel (k×k after im2col) and the profile has no k×k CONV_2D and no
 * FULLY_CONNECTED, so conv and dense share pointwise's coefficients. Output bytes carry the per-pixel
 * requantization and store; parameters read carry the weights streamed from the RP2040's XIP flash
 * (the 16 KB cache misses on large weight matrices). The profile's RESHAPE runs in place: it costs one node.
 * Channel-count terms are left out: no row tells them apart from the per-node cost.
 */
const TERMS: readonly (readonly LatencyFeature[])[] = [
  ['mac.conv', 'mac.pointwise', 'mac.first', 'mac.dense'],
  ['mac.depthwise'],
  ['out.conv', 'out.dense'],
  ['out.depthwise'],
  ['weights.conv', 'weights.dense', 'weights.depthwise'],
  ['pool'],
  ['softmax'],
  ['node'],
];

/** Raspberry Pi Pico (RP2040: dual Cortex-M0+ at up to 133 MHz, 2 MB QSPI flash, 264 KB SRAM). */
export const raspberryPiPico = defineDevice({
  name: 'raspberry-pi-pico',
  title: 'Raspberry Pi Pico (RP2040, Cortex-M0+, 133 MHz)',
  flash: 2 * 1024 * 1024,
  ram: 264 * 1024,
  // cycles are a property of core, kernels and flash, fitted at the benchmark's 125 MHz; estimates are at 133 MHz
  cpu: { core: 'Cortex-M0+', clockHz: 133_000_000 },
  runtimes: [
    {
      runtime: 'tflm-cmsis-nn',
      version: 'pico-tflmicro 1bdb61c',
      ...calibratedLatency(CMSIS_NN_POINTS, TERMS, PICO_BENCHMARK_CLOCK_HZ),
      source: 'fitted on the per-operator profile of TFLM person detection in raspberrypi/pico-tflmicro benchmark_results.txt, one core (calibration-data.ts)',
    },
    {
      runtime: 'tflm-cmsis-nn-dual-core',
      version: 'pico-tflmicro 1bdb61c',
      ...calibratedLatency(CMSIS_NN_DUAL_CORE_POINTS, TERMS, PICO_BENCHMARK_CLOCK_HZ),
      source: 'fitted on the same profile with pico-tflmicro\'s dual-core CONV_2D and depthwise kernels (calibration-data.ts)',
    },
  ],
  platformio: { platform: 'raspberrypi', board: 'pico', framework: 'arduino' },
  runtimeFootprint: { flash: 90 * 1024, ram: 10 * 1024, source: 'estimate for the Arduino RP2040 core with TFLM; measure your build (map file) and override' },
});
