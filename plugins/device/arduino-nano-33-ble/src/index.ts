export { arduinoNano33Ble as default, arduinoNano33Ble } from './device.js';
export { M4F_POINTS, M4F_POINTS_CLOCK_HZ } from './calibration-data.js';
