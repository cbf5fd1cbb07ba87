import { describe, expect, it } from 'vitest';
import { runCaptured as cli } from '../run-captured.js';

describe('analyze --device', () => {
  it('adds per-layer latency, latency.totalMs and a fit verdict (STM32F746G-Disco, X-CUBE-AI)', async () => {
    const { code, out, err } = await cli('analyze', 'mobilenetv1_0.25_96_c3_o2', '--device', 'stm32f746g-disco', '--json');
    expect(code, err).toBe(0);
    const r = JSON.parse(out);
    // MISSION.md: 66.4 ms for the reference model on the STM32F746G-Disco (X-CUBE-AI 8.0).
    expect(r.latency.totalMs).toBeCloseTo(66.36, 0);
    expect(r.latency).toMatchObject({ device: 'stm32f746g-disco', runtime: 'x-cube-ai' });
    expect(r.layers.reduce((s: number, l: { latencyMs: number }) => s + l.latencyMs, 0)).toBeCloseTo(r.latency.totalMs, 6);
    expect(r.layers.find((l: { name: string }) => l.name === 'conv1_bn').latencyMs).toBe(0); // folded into conv1
    const flash = r.fit.checks.find((c: { check: string }) => c.check === 'flash budget');
    expect(flash.used).toBe(r.totals.modelSizeBytes);
    expect(flash.pass).toBe(r.totals.modelSizeBytes <= 250 * 1024);
    expect(r.fit.fits).toBe(r.fit.checks.every((c: { pass: boolean }) => c.pass));
  });

  it('shows latency in the table', async () => {
    const { code, out } = await cli('analyze', '--device', 'nucleo-l4r5zi');
    expect(code).toBe(0);
    expect(out).toMatch(/Latency: +\d+\.\d+ ms on nucleo-l4r5zi \(tflm-reference, estimated\)/);
    expect(out).toMatch(/✓ MAC budget/);
  });

  it.each([
    [['analyze', '--device', 'arduino-uno'], '--device: "arduino-uno" is unknown'],
    [['analyze', '--device', 'stm32f746g-disco', '--runtime', 'tvm'], 'runtime "tvm" is unknown (known: x-cube-ai)'],
    [['analyze', '--runtime', 'x-cube-ai'], '--runtime: needs --device'],
  ])('rejects %j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});
