import { calibratedLatency, defineDevice } from '@cnn-analyzer/device';
import { M4F_POINTS, M4F_POINTS_CLOCK_HZ } from './calibration-data.js';

/** Arduino Nano 33 BLE (nRF52840: Cortex-M4F at 64 MHz, 1 MB flash, 256 KB SRAM). */
export const arduinoNano33Ble = defineDevice({
  name: 'arduino-nano-33-ble',
  title: 'Arduino Nano 33 BLE (Cortex-M4F, 64 MHz)',
  flash: 1024 * 1024,
  ram: 256 * 1024,
  cpu: { core: 'Cortex-M4F', clockHz: 64_000_000 },
  runtimes: [
    {
      runtime: 'tflm-reference',
      // cycles per MAC are a property of core and kernels, not of the clock: fitted at the measuring board's clock
      version: '2.3.1',
      ...calibratedLatency(M4F_POINTS, [['mac.conv', 'mac.pointwise', 'mac.first', 'mac.depthwise', 'mac.dense']], M4F_POINTS_CLOCK_HZ, {
        relative: 0.5,
        basis: 'no measurement on this board: cycles transferred from the NUCLEO-L4R5ZI (same core and kernels, flash wait states differ); ± 50 % is a stated guess',
      }),
      source: 'cycles per MAC transferred from the NUCLEO-L4R5ZI (same Cortex-M4F core, TFLM reference kernels); see calibration-data.ts',
    },
  ],
  platformio: { platform: 'nordicnrf52', board: 'nano33ble', framework: 'arduino' },
  runtimeFootprint: { flash: 80 * 1024, ram: 12 * 1024, source: 'estimate for Arduino mbed core with TFLM; measure your build and override' },
});
