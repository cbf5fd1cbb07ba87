import { describe, expect, it } from 'vitest';
import { deviceConformance } from '@cnn-analyzer/conformance';
import { estimateLatency } from '@cnn-analyzer/device';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { arduinoNano33Ble } from './device.js';

deviceConformance(arduinoNano33Ble);

describe('Arduino Nano 33 BLE', () => {
  it('runs the same core at 64 MHz: the VWW model takes 120/64 of the NUCLEO-L4R5ZI time', async () => {
    const { nucleoL4r5zi } = await import('@cnn-analyzer/device-nucleo-l4r5zi');
    const graph = mobilenetV1.create().graph;
    const here = estimateLatency(arduinoNano33Ble, graph).totalMs;
    const there = estimateLatency(nucleoL4r5zi, graph).totalMs;
    expect(here / there).toBeCloseTo(120 / 64, 6);
  });
});
