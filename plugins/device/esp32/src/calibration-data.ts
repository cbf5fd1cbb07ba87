import type { CalibrationPoint } from '@cnn-analyzer/device';

const SOURCE = 'espressif/esp-tflite-micro README, "Performance Comparison": ESP32 at 240 MHz, TFLite Micro person detection example, time of invoke(), internal memory';

/** TFLM's person detection model (shared/reference-models/.../person_detect.tflite) as CNN Analyzer lowers it: its latency features. */
const PERSON_DETECT = { node: 31, 'mac.depthwise': 964_224, 'chan.depthwise': 1_248, 'out.depthwise': 107_136, 'weights.depthwise': 12_480, input: 9_216, 'mac.pointwise': 6_193_664, 'tail.cout': 512, 'chan.conv': 1_490, 'out.conv': 124_418, 'weights.conv': 198_226, pool: 2_304, softmax: 2 };

/** Person detection on the ESP32 without ESP-NN (TFLM reference kernels): 4084 ms. */
export const TFLM_REFERENCE_POINTS: readonly CalibrationPoint[] = [{ label: 'TFLM person detection, reference kernels', ms: 4084, source: SOURCE, features: PERSON_DETECT, fit: true, family: 'mobilenet-v1' }];

/** Person detection on the ESP32 with Espressif's ESP-NN kernels: 380 ms. */
export const ESP_NN_POINTS: readonly CalibrationPoint[] = [{ label: 'TFLM person detection, ESP-NN kernels', ms: 380, source: SOURCE, features: PERSON_DETECT, fit: true, family: 'mobilenet-v1' }];
