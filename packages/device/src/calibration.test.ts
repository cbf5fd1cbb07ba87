import { describe, expect, it } from 'vitest';
import { fitLatencyModel, mape, predictMs, type CalibrationPoint } from './calibration.js';

const point = (ms: number, p: Partial<CalibrationPoint>): CalibrationPoint => ({ label: `${ms} ms`, ms, source: 'synthetic', features: {}, fit: true, ...p });

describe('fitLatencyModel', () => {
  // Synthetic layers timed by a known cost law at 1 MHz: 3 cycles/MAC + 40 per output byte + 7 per weight + 500 per node.
  const law = (macs: number, out: number, w: number) => 3 * macs + 40 * out + 7 * w + 500;
  const layers = [
    [10_000, 1_000, 64],
    [40_000, 500, 1_024],
    [80_000, 4_000, 256],
    [5_000, 2_000, 4_096],
    [120_000, 300, 16_384],
    [30_000, 3_000, 2_048],
  ] as const;
  const points = layers.map(([m, o, w]) => point(law(m, o, w) / 1000, { features: { 'mac.pointwise': m, 'out.conv': o, 'weights.conv': w, node: 1 } }));
  const terms = [['mac.pointwise'], ['out.conv'], ['weights.conv'], ['node']] as const;

  it('recovers the cost law from exact measurements, with a zero-width interval', () => {
    const fit = fitLatencyModel(points, terms, 1e6);
    expect(fit.cycles['mac.pointwise']).toBeCloseTo(3, 6);
    expect(fit.cycles['out.conv']).toBeCloseTo(40, 4);
    expect(fit.cycles['weights.conv']).toBeCloseTo(7, 5);
    expect(fit.cycles.node).toBeCloseTo(500, 2);
    expect(mape(points.map((p) => ({ predicted: predictMs(fit, p, 1e6), measured: p.ms })))).toBeLessThan(1e-6);
    expect(fit.interval.relative).toBeLessThan(1e-6);
  });

  it('builds the interval from the relative residuals: 1.645 · RMS · √(n / (n − p))', () => {
    // one coefficient fitted on two points 10 % apart in cycles per MAC: relative residuals ±r with r = 0.1/2.1·…
    const pts = [point(1, { features: { 'mac.dense': 1000 } }), point(1.1, { features: { 'mac.dense': 1000 } })];
    const fit = fitLatencyModel(pts, [['mac.dense']], 1e6);
    // relative-error optimum of a·1000 cycles over 1 and 1.1 ms: a = Σ(1/y) / Σ(1/y²) per µs, in cycles
    const inv = [1, 1 / 1.1];
    const a = (1000 * inv.reduce((s, v) => s + v, 0)) / inv.reduce((s, v) => s + v * v, 0) / 1000;
    expect(fit.cycles['mac.dense']).toBeCloseTo(a, 9);
    const rel = [a / 1 - 1, a / 1.1 - 1];
    const rms = Math.sqrt((rel[0]! ** 2 + rel[1]! ** 2) / 2);
    expect(fit.interval.relative).toBeCloseTo(1.645 * rms * Math.sqrt(2 / 1), 9);
  });

  it('keeps every coefficient non-negative where plain least squares would go below zero', () => {
    // y = 2·A − B exactly: least squares says B = −1; the constrained optimum drops B and fits A alone.
    const pts = [point(1, { features: { 'mac.conv': 1, 'out.conv': 1 } }), point(3, { features: { 'mac.conv': 2, 'out.conv': 1 } }), point(5, { features: { 'mac.conv': 3, 'out.conv': 1 } })];
    const fit = fitLatencyModel(pts, [['mac.conv'], ['out.conv']], 1000);
    expect(fit.cycles['out.conv']).toBeUndefined();
    const r = [1 / 1, 2 / 3, 3 / 5];
    expect(fit.cycles['mac.conv']).toBeCloseTo(r.reduce((s, v) => s + v, 0) / r.reduce((s, v) => s + v * v, 0), 9);
  });

  it('shares one coefficient within a group', () => {
    const pts = [point(2, { features: { 'mac.conv': 500, 'mac.depthwise': 500 } }), point(4, { features: { 'mac.conv': 2000 } })];
    const fit = fitLatencyModel(pts, [['mac.conv', 'mac.depthwise']], 1e6);
    expect(fit.cycles['mac.conv']).toBeCloseTo(2, 9);
    expect(fit.cycles['mac.depthwise']).toBeCloseTo(2, 9);
  });

  it('names a term that no fitted point has work for', () => {
    expect(() => fitLatencyModel(points, [['mac.depthwise']], 1e6)).toThrow('calibration: no fitted point has work for the mac.depthwise term');
  });

  it('asks for a stated interval when the points leave no residuals', () => {
    const one = [point(10, { features: { 'mac.dense': 10_000 } })];
    expect(() => fitLatencyModel(one, [['mac.dense']], 1e6)).toThrow('leave no residuals');
    expect(fitLatencyModel(one, [['mac.dense']], 1e6, { relative: 0.5, basis: 'guess' }).interval).toEqual({ relative: 0.5, basis: 'guess' });
  });

  it('leaves held-out points out of the fit', () => {
    const pts = [point(10, { features: { 'mac.dense': 10_000 } }), point(99, { features: { 'mac.dense': 10_000 }, fit: false })];
    expect(fitLatencyModel(pts, [['mac.dense']], 1e6, { relative: 1, basis: 'guess' }).cycles['mac.dense']).toBeCloseTo(1, 9);
  });
});

describe('predictMs and mape', () => {
  it('adds every feature of a point', () => {
    // (4·100 + 1·10 + 2·50 + 25) cycles at 1 kHz = 535 ms
    expect(predictMs({ cycles: { 'mac.conv': 4, pool: 1, 'out.conv': 2, node: 25 } }, { features: { 'mac.conv': 100, pool: 10, 'out.conv': 50, node: 1 } }, 1000)).toBeCloseTo(535, 9);
  });

  it('averages absolute percentage errors', () => {
    expect(mape([{ predicted: 110, measured: 100 }, { predicted: 45, measured: 50 }])).toBeCloseTo(10, 9);
    expect(mape([])).toBe(0);
  });
});
