import { describe, expect, it } from 'vitest';
import { runCaptured as cli } from '../run-captured.js';

describe('cnn-analyzer devices', () => {
  // Target boards and their specs as shared/docs/MISSION.md gives them (KB = 1024 bytes), plus the MLPerf Tiny board.
  it('lists every board with the specs of MISSION.md and its runtimes', async () => {
    const { code, out, err } = await cli('devices', '--json');
    expect(code, err).toBe(0);
    const list = JSON.parse(out) as { name: string; core: string; clockHz: number; flashBytes: number; ramBytes: number; runtimes: { runtime: string }[]; deployLayout: string }[];
    const spec = Object.fromEntries(list.map((d) => [d.name, [d.core, d.clockHz / 1e6, d.flashBytes / 1024, d.ramBytes / 1024]]));
    expect(spec).toMatchObject({
      'stm32f746g-disco': ['Cortex-M7', 216, 1024, 320],
      'arduino-nano-33-ble': ['Cortex-M4F', 64, 1024, 256],
      esp32: ['Xtensa LX6', 240, 4096, 520],
      'raspberry-pi-pico': ['Cortex-M0+', 133, 2048, 264],
      'nucleo-l4r5zi': ['Cortex-M4F', 120, 2048, 640],
    });
    const f746 = list.find((d) => d.name === 'stm32f746g-disco')!;
    expect(f746.runtimes.map((r) => r.runtime)).toEqual(['x-cube-ai', 'tflm-cmsis-nn']);
    expect(list.find((d) => d.name === 'raspberry-pi-pico')!.deployLayout).toBe('arduino-sketch');
  });

  it('prints a table', async () => {
    const { code, out } = await cli('devices');
    expect(code).toBe(0);
    expect(out).toMatch(/raspberry-pi-pico +Cortex-M0\+ +133 MHz +2,048 KB +264 KB +tflm-cmsis-nn, tflm-cmsis-nn-dual-core +arduino-sketch/);
  });
});
