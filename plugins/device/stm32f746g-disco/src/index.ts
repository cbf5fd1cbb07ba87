export { stm32f746gDisco as default, stm32f746gDisco } from './device.js';
export { X_CUBE_AI_POINTS } from './calibration-data.js';
