import { calibratedLatency, defineDevice } from '@cnn-analyzer/device';
import { TFLM_POINTS } from './calibration-data.js';

const CLOCK_HZ = 120_000_000;

/** NUCLEO-L4R5ZI: Cortex-M4F at 120 MHz, 2 MB flash, 640 KB SRAM — the MLPerf Tiny reference board. */
export const nucleoL4r5zi = defineDevice({
  name: 'nucleo-l4r5zi',
  title: 'NUCLEO-L4R5ZI (Cortex-M4F, 120 MHz; MLPerf Tiny reference board)',
  flash: 2 * 1024 * 1024,
  ram: 640 * 1024,
  cpu: { core: 'Cortex-M4F', clockHz: CLOCK_HZ },
  runtimes: [
    {
      runtime: 'tflm-reference',
      // VWW and KWS mix conv and depthwise work in nearly the same proportion, so they cannot separate
      // the two costs: one least-squares cycles-per-MAC for every MAC layer.
      version: '2.3.1',
      ...calibratedLatency(TFLM_POINTS, [['mac.conv', 'mac.pointwise', 'mac.first', 'mac.depthwise', 'mac.dense']], CLOCK_HZ),
      source: 'fitted on MLPerf Tiny v0.5 reference results (VWW, KWS; IC held out), calibration-data.ts',
    },
  ],
  platformio: { platform: 'ststm32', board: 'nucleo_l4r5zi', framework: 'stm32cube' },
  runtimeFootprint: { flash: 60 * 1024, ram: 8 * 1024, source: 'estimate for TFLM with the needed kernels; measure your build (map file) and override' },
});
