import { describe, expect, it } from 'vitest';
import { defineDevice, type DeviceConfig } from './define-device.js';
import { fitReport } from './fit-report.js';

const config: DeviceConfig = {
  name: 'test-board',
  title: 'Test board',
  flash: 1024 * 1024,
  ram: 256 * 1024,
  cpu: { core: 'Cortex-M4F', clockHz: 64e6 },
  runtimes: [{ runtime: 'tflm-reference', version: '2.3.1', cycles: { 'mac.conv': 1, 'mac.depthwise': 1, node: 100 }, interval: { relative: 0.2, basis: 'test' }, source: 'test' }],
  platformio: { platform: 'nordicnrf52', board: 'nano33ble', framework: 'arduino' },
  runtimeFootprint: { flash: 80 * 1024, ram: 12 * 1024, source: 'test' },
};

describe('defineDevice', () => {
  it('validates and freezes; features left out cost nothing', () => {
    const d = defineDevice(config);
    expect(Object.isFrozen(d)).toBe(true);
    expect(d.latencyModel().cycles.softmax).toBeUndefined();
    expect(d.latencyModel('tflm-reference').runtime).toBe('tflm-reference');
  });

  it.each([
    [{ ...config, cpu: { core: 'M4', clockHz: 0 } }, 'test-board: cpu.clockHz: '],
    [{ ...config, name: 'Test Board' }, 'name: must be kebab-case'],
    [{ ...config, platformio: { board: 'nano33ble', framework: 'arduino' } }, 'test-board: platformio.platform: '],
    [{ ...config, runtimes: [{ ...config.runtimes[0]!, cycles: { 'mac.conv': -1 } }] }, 'test-board: runtimes.0.cycles.mac.conv: '],
    [{ ...config, runtimes: [{ ...config.runtimes[0]!, cycles: { conv: 1 } }] }, 'test-board: runtimes.0.cycles: '],
    [{ ...config, runtimes: [{ ...config.runtimes[0]!, version: '' }] }, 'test-board: runtimes.0.version: '],
  ] as [DeviceConfig, string][])('names the board and the field of a bad spec (%#)', (bad, message) => {
    expect(() => defineDevice(bad)).toThrow(message);
  });

  it('names the known runtimes for an unknown one', () => {
    expect(() => defineDevice(config).latencyModel('tvm')).toThrow('test-board: runtime "tvm" is unknown (known: tflm-reference)');
  });
});

describe('fitReport', () => {
  it('checks the model plus runtime against the board, and the budgets, with margins', () => {
    const r = fitReport(defineDevice(config), { modelBytes: 300_000, arenaBytes: 60_000, peakBytes: 55_296, macs: 7_489_664 });
    expect(r.checks.map((c) => [c.check, c.used, c.limit, c.pass])).toEqual([
      ['board flash', 300_000 + 81_920, 1_048_576, true],
      ['board RAM', 60_000 + 12_288, 262_144, true],
      ['flash budget', 300_000, 256_000, false],
      ['RAM budget', 55_296, 256_000, true],
      ['MAC budget', 7_489_664, 60_000_000, true],
    ]);
    expect(r.fits).toBe(false);
  });
});
