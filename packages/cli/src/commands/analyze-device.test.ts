import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { referenceModelsDir } from '@cnn-analyzer/exporter';
import { runCaptured as cli } from '../run-captured.js';

describe('analyze --device', () => {
  it('adds per-layer latency, latency.totalMs and a fit verdict (STM32F746G-Disco, X-CUBE-AI)', async () => {
    const { code, out, err } = await cli('analyze', 'mobilenetv1_0.25_96_c3_o2', '--device', 'stm32f746g-disco', '--json');
    expect(code, err).toBe(0);
    const r = JSON.parse(out);
    // MISSION.md: 66.4 ms for the reference model on the STM32F746G-Disco (X-CUBE-AI 8.0).
    // The study: 66.36 ms (X-CUBE-AI 8.0, 216 MHz). The estimate comes within 3 %, and its interval covers it.
    expect(Math.abs(r.latency.totalMs - 66.36) / 66.36).toBeLessThan(0.03);
    expect(Math.abs(r.latency.totalMs - 66.36)).toBeLessThan(r.latency.intervalMs);
    expect(r.latency.intervalBasis).toMatch(/residuals of \d+ fitted points/);
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
    expect(out).toMatch(/Latency: +\d+\.\d+ ms ± \d+\.\d+ on nucleo-l4r5zi \(tflm-reference, estimated; 90 % interval from the residuals/);
    expect(out).toMatch(/✓ MAC budget/);
  });

  // raspberrypi/pico-tflmicro benchmark_results.txt: person detection 823,658 µs on one core, 587,400 µs with the
  // dual-core kernels, at 125 MHz; the board plugin estimates at the RP2040's 133 MHz.
  it('estimates TFLM person detection on the Raspberry Pi Pico near the published profile (±3 %)', async () => {
    const file = join(referenceModelsDir(), 'tflm/tensorflow/lite/micro/models/person_detect.tflite');
    for (const [runtime, ms] of [['tflm-cmsis-nn', 823.658], ['tflm-cmsis-nn-dual-core', 587.4]] as const) {
      const { code, out, err } = await cli('analyze', file, '--device', 'raspberry-pi-pico', '--runtime', runtime, '--json', '--no-db');
      expect(code, err).toBe(0);
      const r = JSON.parse(out);
      expect(r.latency.runtime).toBe(runtime);
      expect(Math.abs((r.latency.totalMs * 133) / 125 - ms) / ms).toBeLessThan(0.03);
    }
  });

  it.each([
    [['analyze', '--device', 'arduino-uno'], '--device: "arduino-uno" is unknown'],
    [['analyze', '--device', 'stm32f746g-disco', '--runtime', 'tvm'], 'runtime "tvm" is unknown (known: x-cube-ai, tflm-cmsis-nn)'],
    [['analyze', '--runtime', 'x-cube-ai'], '--runtime: needs --device'],
  ])('rejects %j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});
