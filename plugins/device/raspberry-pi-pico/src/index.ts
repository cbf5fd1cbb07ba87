export { raspberryPiPico as default, raspberryPiPico } from './device.js';
export { CMSIS_NN_DUAL_CORE_POINTS, CMSIS_NN_POINTS, PICO_BENCHMARK_CLOCK_HZ, PERSON_DETECT_TOTAL_US } from './calibration-data.js';
