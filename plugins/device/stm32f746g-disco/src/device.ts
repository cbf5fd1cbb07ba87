import { calibratedLatency, defineDevice, type LatencyFeature } from '@cnn-analyzer/device';
import { F746_CLOCK_HZ, TFLM_CMSIS_NN_POINTS, X_CUBE_AI_POINTS } from './calibration-data.js';

/**
 * The X-CUBE-AI terms the published points determine, one coefficient each. Left out, for want of data: the
 * channel-remainder terms (one profiled node has a remainder, the 1×1 128→2 classifier: one point, no residual to
 * test a coefficient by; see the README),
 * HARD_SWISH as one node (the profiled model builds it from four nodes; it shares the unary coefficient), and
 * dense weights apart from dense MACs (one coefficient cannot be told from the other on these points).
 */
const X_CUBE_AI_TERMS: readonly (readonly LatencyFeature[])[] = [
  ['mac.pointwise'], ['mac.conv'], ['mac.first'], ['mac.depthwise'], ['mac.dense'],
  ['chan.conv'], ['chan.depthwise'], ['out.conv'], ['out.depthwise'], ['out.dense'],
  ['weights.conv'], ['weights.depthwise'], ['weights.dense'],
  ['add'], ['addConst'], ['mul'], ['mulConst'], ['unary', 'hardSwish'],
  ['copy'], ['pool'], ['softmax'], ['input'], ['node'],
];

/** TFLM + CMSIS-NN: one whole-model point, so one cycles-per-MAC for every MAC feature. */
const CMSIS_NN_TERMS: readonly (readonly LatencyFeature[])[] = [['mac.conv', 'mac.pointwise', 'mac.first', 'mac.depthwise', 'mac.dense']];

/** STM32F746G-Disco: Cortex-M7 at 216 MHz, 1 MB flash, 320 KB SRAM. */
export const stm32f746gDisco = defineDevice({
  name: 'stm32f746g-disco',
  title: 'STM32F746G-Disco (Cortex-M7, 216 MHz)',
  flash: 1024 * 1024,
  ram: 320 * 1024,
  cpu: { core: 'Cortex-M7', clockHz: F746_CLOCK_HZ },
  runtimes: [
    {
      runtime: 'x-cube-ai',
      version: '8.0',
      ...calibratedLatency(X_CUBE_AI_POINTS, X_CUBE_AI_TERMS, F746_CLOCK_HZ),
      source: "fitted per node on the CNN Analyzer study's X-CUBE-AI 8.0 profiles (VWW reference split, MobileNet v3 node profile) and MLPerf Tiny v1.1 X-CUBE-AI 8.0 results (calibration-data.ts)",
    },
    {
      runtime: 'tflm-cmsis-nn',
      version: '2.5',
      ...calibratedLatency(TFLM_CMSIS_NN_POINTS, CMSIS_NN_TERMS, F746_CLOCK_HZ, {
        relative: 0.5,
        basis: 'no per-node data for TFLM + CMSIS-NN on this board: one whole-model point fitted; ± 50 % is a stated guess (the held-out 2020 point is 40 % off)',
      }),
      source: "fitted on Plumerai's published TFLM 2.5 + CMSIS-NN time of MobileNetV2 0.30 at 80×80 (calibration-data.ts); MCUNet's CMSIS-NN point held out",
    },
  ],
  platformio: { platform: 'ststm32', board: 'disco_f746ng', framework: 'stm32cube' },
  runtimeFootprint: { flash: 30 * 1024, ram: 4 * 1024, source: 'estimate for a minimal runtime; measure your build (map file) and override' },
});
