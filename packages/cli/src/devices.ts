import type { Device } from '@cnn-analyzer/device';
import { stm32f746gDisco } from '@cnn-analyzer/device-stm32f746g-disco';
import { nucleoL4r5zi } from '@cnn-analyzer/device-nucleo-l4r5zi';
import { esp32 } from '@cnn-analyzer/device-esp32';
import { arduinoNano33Ble } from '@cnn-analyzer/device-arduino-nano-33-ble';
import { raspberryPiPico } from '@cnn-analyzer/device-raspberry-pi-pico';
import { UsageError } from './usage-error.js';

/** The board plugins the CLI ships with. */
export const BUILTIN_DEVICES: readonly Device[] = [stm32f746gDisco, nucleoL4r5zi, arduinoNano33Ble, esp32, raspberryPiPico];

/** A board by name, or a usage error listing the known ones. */
export function requireDevice(name: string): Device {
  const d = BUILTIN_DEVICES.find((x) => x.name === name);
  if (!d) throw new UsageError(`--device: ${JSON.stringify(name)} is unknown (known: ${BUILTIN_DEVICES.map((x) => x.name).join(', ')})`, 'device', name);
  return d;
}
