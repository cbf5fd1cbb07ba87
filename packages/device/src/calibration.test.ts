import { describe, expect, it } from 'vitest';
import { fitCoefficients, fitLatencyModel, mape, predictMs, type CalibrationPoint } from './calibration.js';

const point = (ms: number, p: Partial<CalibrationPoint>): CalibrationPoint => ({ label: `${ms} ms`, ms, source: 'synthetic', work: {}, fit: true, ...p });

describe('fitLatencyModel', () => {
  // Synthetic layers timed by a known cost law at 1 MHz: 3 cycles/MAC + 40 per output byte + 7 per weight + 500 per op.
  const law = (macs: number, out: number, w: number) => 3 * macs + 40 * out + 7 * w + 500;
  const layers = [
    [10_000, 1_000, 64],
    [40_000, 500, 1_024],
    [80_000, 4_000, 256],
    [5_000, 2_000, 4_096],
    [120_000, 300, 16_384],
  ] as const;
  const points = layers.map(([m, o, w]) => point(law(m, o, w) / 1000, { work: { pointwise: m }, outputBytes: { pointwise: o }, weightBytes: { pointwise: w }, operators: 1 }));

  it('recovers the cost law from exact measurements', () => {
    const fit = fitLatencyModel(points, [{ feature: 'work', classes: ['pointwise'] }, { feature: 'outputBytes', classes: ['pointwise'] }, { feature: 'weightBytes', classes: ['pointwise'] }, { feature: 'operators' }], 1e6);
    expect(fit.coefficients.pointwise).toBeCloseTo(3, 6);
    expect(fit.outputByteCycles?.pointwise).toBeCloseTo(40, 4);
    expect(fit.weightByteCycles?.pointwise).toBeCloseTo(7, 5);
    expect(fit.perOperatorCycles).toBeCloseTo(500, 2);
    expect(mape(points.map((p) => ({ predicted: predictMs(fit, p, 1e6), measured: p.ms })))).toBeLessThan(1e-6);
  });

  it('keeps every coefficient non-negative where plain least squares would go below zero', () => {
    // y = 2·A − B exactly: least squares says B = −1; the constrained optimum drops B and fits A alone.
    const pts = [point(1, { work: { conv: 1 }, outputBytes: { conv: 1 } }), point(3, { work: { conv: 2 }, outputBytes: { conv: 1 } }), point(5, { work: { conv: 3 }, outputBytes: { conv: 1 } })];
    const fit = fitLatencyModel(pts, [{ feature: 'work', classes: ['conv'] }, { feature: 'outputBytes', classes: ['conv'] }], 1000);
    expect(fit.outputByteCycles?.conv).toBe(0);
    // with B = 0 the relative-error optimum of y = a·A over (1,1), (2,3), (3,5): a = Σ(A/y) / Σ(A/y)² (cycles at 1 kHz: ms)
    const r = [1 / 1, 2 / 3, 3 / 5];
    expect(fit.coefficients.conv).toBeCloseTo(r.reduce((s, v) => s + v, 0) / r.reduce((s, v) => s + v * v, 0), 9);
  });

  it('names a term that no fitted point has work for', () => {
    expect(() => fitLatencyModel(points, [{ feature: 'work', classes: ['depthwise'] }], 1e6)).toThrow('calibration: no fitted point has work for the work(depthwise) term');
  });

  it('leaves held-out points out of the fit', () => {
    const pts = [point(10, { work: { dense: 10_000 } }), point(99, { work: { dense: 10_000 }, fit: false })];
    expect(fitLatencyModel(pts, [{ feature: 'work', classes: ['dense'] }], 1e6).coefficients.dense).toBeCloseTo(1, 9);
  });
});

describe('fitCoefficients', () => {
  it('solves one coefficient per group of classes by least squares', () => {
    // 2 cycles/MAC for conv+pointwise, 6 for depthwise, at 1 MHz
    const pts = [point(2 + 6, { work: { conv: 500, pointwise: 500, depthwise: 1000 } }), point((2 * 3000 + 6 * 500) / 1000, { work: { pointwise: 3000, depthwise: 500 } })];
    const c = fitCoefficients(pts, [['conv', 'pointwise'], ['depthwise']], 1e6);
    expect(c.conv).toBeCloseTo(2, 9);
    expect(c.pointwise).toBeCloseTo(2, 9);
    expect(c.depthwise).toBeCloseTo(6, 9);
    expect(c.dense).toBe(0);
  });

  it('throws when the points do not determine a group', () => {
    expect(() => fitCoefficients([point(1, { work: { conv: 10 } })], [['conv'], ['depthwise']], 1e6)).toThrow('calibration: the points do not determine the depthwise coefficient');
  });
});

describe('predictMs and mape', () => {
  it('adds every term of a point', () => {
    const p = point(0, { work: { conv: 100, pool: 10 }, outputBytes: { conv: 50 }, weightBytes: { conv: 20 }, operators: 2 });
    // (4·100 + 1·10 + 2·50 + 3·20 + 2·25) cycles at 1 kHz = 620 ms
    expect(predictMs({ coefficients: { conv: 4, pool: 1 }, outputByteCycles: { conv: 2 }, weightByteCycles: { conv: 3 }, perOperatorCycles: 25 }, p, 1000)).toBeCloseTo(620, 9);
  });

  it('averages absolute percentage errors', () => {
    expect(mape([{ predicted: 110, measured: 100 }, { predicted: 45, measured: 50 }])).toBeCloseTo(10, 9);
    expect(mape([])).toBe(0);
  });
});
