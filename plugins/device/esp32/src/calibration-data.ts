import type { CalibrationPoint } from '@cnn-analyzer/device';

const SOURCE = 'espressif/esp-tflite-micro README, "Performance Comparison": ESP32 at 240 MHz, TFLite Micro person detection example, time of invoke(), internal memory';

/** TFLM's person detection model (shared/reference-models/.../person_detect.tflite) as CNN Analyzer counts its work. */
const PERSON_DETECT = { depthwise: 964_224, pointwise: 6_193_664, pool: 256, movement: 2, softmax: 2 };

/** Person detection on the ESP32 without ESP-NN (TFLM reference kernels): 4084 ms. */
export const TFLM_REFERENCE_POINTS: readonly CalibrationPoint[] = [{ label: 'TFLM person detection, reference kernels', ms: 4084, source: SOURCE, work: PERSON_DETECT, fit: true }];

/** Person detection on the ESP32 with Espressif's ESP-NN kernels: 380 ms. */
export const ESP_NN_POINTS: readonly CalibrationPoint[] = [{ label: 'TFLM person detection, ESP-NN kernels', ms: 380, source: SOURCE, work: PERSON_DETECT, fit: true }];
