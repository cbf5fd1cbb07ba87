import { defineDevice, fitCoefficients } from '@cnn-analyzer/device';
import { ESP_NN_POINTS, TFLM_REFERENCE_POINTS } from './calibration-data.js';

const CLOCK_HZ = 240_000_000;
/** One published model per runtime: one cycles-per-MAC shared by all MAC layers. */
const MAC_CLASSES = [['conv', 'pointwise', 'depthwise', 'dense']] as const;

/** ESP32 (Xtensa LX6 at 240 MHz, 4 MB flash, 520 KB SRAM). */
export const esp32 = defineDevice({
  name: 'esp32',
  title: 'ESP32 (Xtensa LX6, 240 MHz)',
  flash: 4 * 1024 * 1024,
  ram: 520 * 1024,
  cpu: { core: 'Xtensa LX6', clockHz: CLOCK_HZ },
  runtimes: [
    { runtime: 'tflm-esp-nn', coefficients: fitCoefficients(ESP_NN_POINTS, MAC_CLASSES, CLOCK_HZ), perOperatorCycles: 0, source: 'fitted on Espressif\'s published ESP-NN person detection time (calibration-data.ts)' },
    { runtime: 'tflm-reference', coefficients: fitCoefficients(TFLM_REFERENCE_POINTS, MAC_CLASSES, CLOCK_HZ), perOperatorCycles: 0, source: 'fitted on Espressif\'s published person detection time without ESP-NN (calibration-data.ts)' },
  ],
  platformio: { platform: 'espressif32', board: 'esp32dev', framework: 'espidf' },
  runtimeFootprint: { flash: 120 * 1024, ram: 16 * 1024, source: 'estimate for ESP-IDF with TFLM; measure your build and override' },
});
