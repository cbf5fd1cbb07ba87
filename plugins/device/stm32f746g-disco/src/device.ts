import { defineDevice, fitCoefficients } from '@cnn-analyzer/device';
import { TFLM_CMSIS_NN_POINTS, X_CUBE_AI_POINTS } from './calibration-data.js';

const CLOCK_HZ = 216_000_000;

/** STM32F746G-Disco: Cortex-M7 at 216 MHz, 1 MB flash, 320 KB SRAM. */
export const stm32f746gDisco = defineDevice({
  name: 'stm32f746g-disco',
  title: 'STM32F746G-Disco (Cortex-M7, 216 MHz)',
  flash: 1024 * 1024,
  ram: 320 * 1024,
  cpu: { core: 'Cortex-M7', clockHz: CLOCK_HZ },
  runtimes: [
    {
      runtime: 'x-cube-ai',
      coefficients: fitCoefficients(X_CUBE_AI_POINTS, [['conv', 'pointwise'], ['depthwise'], ['pool', 'movement', 'dense', 'elementwise', 'softmax']], CLOCK_HZ),
      perOperatorCycles: 0,
      source: 'fitted on the CNN Analyzer study\'s X-CUBE-AI 8.0 per-op-type times of the VWW reference model (calibration-data.ts)',
    },
    {
      runtime: 'tflm-cmsis-nn',
      // one published model: one cycles-per-MAC for every MAC layer (no per-op-type split is published)
      coefficients: fitCoefficients(TFLM_CMSIS_NN_POINTS, [['conv', 'pointwise', 'depthwise', 'dense']], CLOCK_HZ),
      perOperatorCycles: 0,
      source: 'fitted on Plumerai\'s published TFLM 2.5 + CMSIS-NN time of MobileNetV2 0.30 at 80×80 (calibration-data.ts); MCUNet\'s CMSIS-NN point held out',
    },
  ],
  platformio: { platform: 'ststm32', board: 'disco_f746ng', framework: 'stm32cube' },
  runtimeFootprint: { flash: 30 * 1024, ram: 4 * 1024, source: 'estimate for a minimal runtime; measure your build (map file) and override' },
});
