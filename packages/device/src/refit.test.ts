import { describe, expect, it } from 'vitest';
import type { CalibrationPoint } from './calibration.js';
import { applyCalibrationFile, calibrationFile } from './calibration-file.js';
import { defineDevice } from './define-device.js';
import { calibratedLatency, refitLatencyModel, withLatencyModel } from './refit.js';

// A synthetic board at 1 MHz whose operators cost, by a known law, 2 cycles per MAC plus 1,000 cycles per operator.
// Shipped: one whole-model point, so one cycles-per-MAC absorbs the per-operator cost. Measured: per-operator times.
const law = (macs: number) => 2 * macs + 1000;
const whole = { macs: 200_000, ops: 20 };
const shipped: CalibrationPoint[] = [{ label: 'whole model', ms: (2 * whole.macs + 1000 * whole.ops) / 1000, source: 'synthetic', features: { 'mac.conv': whole.macs, node: whole.ops }, fit: true }];
const measured: CalibrationPoint[] = [500, 2_000, 8_000, 30_000, 1_000, 12_000, 250, 4_000].map((macs, i) => ({
  label: `op ${i}`,
  ms: law(macs) / 1000,
  source: 'synthetic board run',
  features: { 'mac.conv': macs, node: 1 },
  fit: i % 4 !== 3,
}));

const device = defineDevice({
  name: 'synthetic-board',
  title: 'Synthetic',
  flash: 1024,
  ram: 1024,
  cpu: { core: 'Cortex-M4', clockHz: 1e6 },
  runtimes: [{ runtime: 'tflm-test', version: '1', ...calibratedLatency(shipped, [['mac.conv']], 1e6, { relative: 0.5, basis: 'stated guess' }), source: 'synthetic' }],
  runtimeFootprint: { flash: 0, ram: 0, source: 'none' },
});

describe('refitLatencyModel', () => {
  const base = device.latencyModel();

  it('keeps what the shipped coefficients were fitted on', () => {
    expect(base.calibration).toMatchObject({ points: shipped, terms: [['mac.conv']], clockHz: 1e6 });
    // one coefficient on the whole model: (400,000 + 20,000) cycles / 200,000 MACs
    expect(base.cycles['mac.conv']).toBeCloseTo(2.1, 9);
  });

  it('adds the per-operator term the measured operators determine and recovers the law', () => {
    const r = refitLatencyModel(base, measured, 'synthetic runs');
    expect(r.terms).toEqual([['mac.conv'], ['node']]);
    expect(r.model.cycles['mac.conv']).toBeCloseTo(2, 6);
    expect(r.model.cycles.node).toBeCloseTo(1000, 3);
    expect(r.after.measured.fitted.mape).toBeLessThan(1e-6);
    expect(r.after.measured.heldOut.mape).toBeLessThan(1e-6);
    expect(r.after.measured.heldOut.points).toBe(2);
    // before: 2.1 cycles/MAC and no per-operator cost; the 250-MAC operator (1,500 cycles) came out at 525
    expect(r.before.measured.fitted.worst).toMatchObject({ label: 'op 6', measuredMs: 1.5 });
    expect(r.before.measured.fitted.worst!.predictedMs).toBeCloseTo(0.525, 9);
    expect(r.before.interval.relative).toBe(0.5);
    expect(r.after.interval.relative).toBeLessThan(1e-6);
    expect(r.after.interval.basis).toContain('refit with board measurements (synthetic runs)');
  });

  it('refuses a runtime without calibration data', () => {
    const { calibration: _c, ...bare } = base;
    expect(() => refitLatencyModel(bare, measured, 'x')).toThrow('calibrate: runtime tflm-test ships no calibration data to refit with');
  });
});

describe('calibration files', () => {
  const r = refitLatencyModel(device.latencyModel(), measured, 'synthetic runs');
  const file = calibrationFile(device, r.model, [{ name: 'm', modelSha256: 'a'.repeat(64), runs: 3, ops: 8, perOperator: true }], {});

  it('round-trip through JSON into the device the analysis gets', () => {
    const d = applyCalibrationFile(device, JSON.parse(JSON.stringify(file)), 'cal.json');
    expect(d.latencyModel().cycles).toEqual(r.model.cycles);
    expect(d.latencyModel('tflm-test').interval).toEqual(r.model.interval);
    expect(device.latencyModel().cycles['mac.conv']).toBeCloseTo(2.1, 9); // the plugin's own device is unchanged
    expect(withLatencyModel(device, r.model).runtimes[0]!.cycles.node).toBeCloseTo(1000, 3);
  });

  it.each([
    [{ ...file, device: 'other-board' }, 'calibration cal.json: device: is "other-board", not "synthetic-board"'],
    [{ ...file, cycles: { 'mac.nope': 1 } }, 'calibration cal.json: cycles'],
    [{ ...file, format: 'something' }, 'calibration cal.json: format'],
    [{ ...file, runtime: 'tvm' }, 'runtime "tvm" is unknown (known: tflm-test)'],
  ])('refuses a bad file naming the field (%#)', (content, message) => {
    expect(() => applyCalibrationFile(device, content, 'cal.json')).toThrow(message);
  });
});
