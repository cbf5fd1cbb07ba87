import type { AnyArchitecture } from '@cnn-analyzer/arch-spec';
import type { Device } from '@cnn-analyzer/device';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { mobilenetV2 } from '@cnn-analyzer/arch-mobilenet-v2';
import { mobilenetV3 } from '@cnn-analyzer/arch-mobilenet-v3';
import { shufflenetV1 } from '@cnn-analyzer/arch-shufflenet-v1';
import { shufflenetV2 } from '@cnn-analyzer/arch-shufflenet-v2';
import { stm32f746gDisco } from '@cnn-analyzer/device-stm32f746g-disco';
import { nucleoL4r5zi } from '@cnn-analyzer/device-nucleo-l4r5zi';
import { esp32 } from '@cnn-analyzer/device-esp32';
import { arduinoNano33Ble } from '@cnn-analyzer/device-arduino-nano-33-ble';
import { raspberryPiPico } from '@cnn-analyzer/device-raspberry-pi-pico';

/** The architecture plugins the app ships with: the CLI's built-in ones, in its order. */
export const ARCHITECTURES: readonly AnyArchitecture[] = [mobilenetV1, mobilenetV2, mobilenetV3, shufflenetV1, shufflenetV2];

/** The board plugins the app ships with: the CLI's built-in ones, in its order. */
export const DEVICES: readonly Device[] = [stm32f746gDisco, nucleoL4r5zi, arduinoNano33Ble, esp32, raspberryPiPico];
