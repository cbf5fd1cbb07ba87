import { calibratedLatency, defineDevice, type LatencyInterval } from '@cnn-analyzer/device';
import { ESP_NN_POINTS, TFLM_REFERENCE_POINTS } from './calibration-data.js';

const CLOCK_HZ = 240_000_000;
/** One published model per runtime: one cycles-per-MAC shared by all MAC layers. */
const MAC_CLASSES = [['mac.conv', 'mac.pointwise', 'mac.first', 'mac.depthwise', 'mac.dense']] as const;
const ONE_POINT: LatencyInterval = { relative: 0.5, basis: 'no per-node data for this runtime: one whole-model point (person detection) fitted; ± 50 % is a stated guess' };

/** ESP32 (Xtensa LX6 at 240 MHz, 4 MB flash, 520 KB SRAM). */
export const esp32 = defineDevice({
  name: 'esp32',
  title: 'ESP32 (Xtensa LX6, 240 MHz)',
  flash: 4 * 1024 * 1024,
  ram: 520 * 1024,
  cpu: { core: 'Xtensa LX6', clockHz: CLOCK_HZ },
  runtimes: [
    { runtime: 'tflm-esp-nn', version: 'esp-tflite-micro (README figures; version not stated)', ...calibratedLatency(ESP_NN_POINTS, MAC_CLASSES, CLOCK_HZ, ONE_POINT), source: 'fitted on Espressif\'s published ESP-NN person detection time (calibration-data.ts)' },
    { runtime: 'tflm-reference', version: 'esp-tflite-micro (README figures; version not stated)', ...calibratedLatency(TFLM_REFERENCE_POINTS, MAC_CLASSES, CLOCK_HZ, ONE_POINT), source: 'fitted on Espressif\'s published person detection time without ESP-NN (calibration-data.ts)' },
  ],
  platformio: { platform: 'espressif32', board: 'esp32dev', framework: 'espidf' },
  runtimeFootprint: { flash: 120 * 1024, ram: 16 * 1024, source: 'estimate for ESP-IDF with TFLM; measure your build and override' },
});
