export { stm32f746gDisco as default, stm32f746gDisco } from './device.js';
export { TFLM_CMSIS_NN_POINTS, X_CUBE_AI_POINTS } from './calibration-data.js';
