export { stm32f746gDisco as default, stm32f746gDisco } from './device.js';
export { F746_CLOCK_HZ, MLPERF_POINTS, MV3_NODE_POINTS, TFLM_CMSIS_NN_POINTS, VWW_SPLIT_POINTS, X_CUBE_AI_POINTS } from './calibration-data.js';
export { STUDY_WHOLE_MODEL_TIMES } from './held-out-data.js';
export type { HeldOutTime } from './held-out-data.js';
