import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '@cnn-analyzer/arch-spec';
import { DEFAULT_BUDGETS, estimateLatency, fitReport, mape, predictMs, type CalibrationPoint, type Device } from '@cnn-analyzer/device';

/**
 * The conformance suite of a board plugin: spec valid, latency positive and monotone in MACs for
 * the same op, the fit report consistent with the numbers it shows, and (given calibration
 * points) the error on the fitted points small.
 */
export function deviceConformance(
  device: Device,
  options: {
    /** Published points of the default runtime. */
    points?: readonly CalibrationPoint[];
    /** Clock the points were measured at, Hz (cycles are fitted there). @default the device's clock */
    pointsClockHz?: number;
    maxFitErrorPercent?: number;
  } = {},
): void {
  describe(`${device.name} device conformance`, () => {
    it('has a valid spec', () => {
      expect(device.flash).toBeGreaterThan(0);
      expect(device.ram).toBeGreaterThan(0);
      expect(device.cpu.clockHz).toBeGreaterThan(1e6);
      expect(device.runtimes.length).toBeGreaterThan(0);
      for (const r of device.runtimes) expect(r.source).not.toBe('');
    });

    for (const runtime of device.runtimes.map((r) => r.runtime)) {
      it(`${runtime}: latency is positive and grows with MACs for each op`, () => {
        const graphOf = (filters: number, op: 'conv' | 'depthwise' | 'pointwise') => {
          const g = new GraphBuilder('probe');
          const x = g.input([24, 24, filters]);
          const y =
            op === 'depthwise'
              ? g.depthwiseConv2d(x, { kernelSize: 3, padding: 'same' })
              : g.conv2d(x, { filters, kernelSize: op === 'conv' ? 3 : 1, padding: 'same' });
          return g.build([y]);
        };
        for (const op of ['conv', 'depthwise', 'pointwise'] as const) {
          const times = [8, 16, 32].map((c) => estimateLatency(device, graphOf(c, op), runtime).totalMs);
          expect(times[0]!, op).toBeGreaterThan(0);
          expect(times[1]!, op).toBeGreaterThan(times[0]!);
          expect(times[2]!, op).toBeGreaterThan(times[1]!);
        }
      });
    }

    it('gives a fit report whose margins and verdict follow from its numbers', () => {
      for (const model of [
        { modelBytes: 100_000, arenaBytes: 60_000, peakBytes: 55_296, macs: 7_489_664 },
        { modelBytes: 900_000, arenaBytes: 400_000, peakBytes: 400_000, macs: 90_000_000 },
      ]) {
        const r = fitReport(device, model, DEFAULT_BUDGETS);
        for (const c of r.checks) {
          expect(c.margin).toBe(c.limit - c.used);
          expect(c.pass).toBe(c.used <= c.limit);
        }
        expect(r.fits).toBe(r.checks.every((c) => c.pass));
      }
    });

    const fitted = (options.points ?? []).filter((p) => p.fit);
    if (fitted.length > 0) {
      const limit = options.maxFitErrorPercent ?? 10;
      it(`reproduces the published points it was fitted on within ${limit} % (mean absolute percentage error)`, () => {
        const m = device.runtimes[0]!;
        const pairs = fitted.map((p) => ({ predicted: predictMs(m, p, options.pointsClockHz ?? device.cpu.clockHz), measured: p.ms }));
        expect(mape(pairs)).toBeLessThan(limit);
      });
    }
  });
}
