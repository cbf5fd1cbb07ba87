export { nucleoL4r5zi as default, nucleoL4r5zi } from './device.js';
export { TFLM_POINTS } from './calibration-data.js';
