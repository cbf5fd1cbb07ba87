export { esp32 as default, esp32 } from './device.js';
export { ESP_NN_POINTS, TFLM_REFERENCE_POINTS } from './calibration-data.js';
