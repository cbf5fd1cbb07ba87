import { fitLatencyModel, mape, predictMs, type CalibrationPoint, type FittedLatency } from './calibration.js';
import type { Device } from './define-device.js';
import type { LatencyCalibration, LatencyInterval, LatencyModel } from './latency-model.js';
import type { LatencyFeature } from './op-features.js';

/**
 * Fit a runtime's coefficients and keep what they were fitted on, so `calibrate` can refit them with a board's
 * measurements later. Same arguments as {@link fitLatencyModel}.
 */
export function calibratedLatency(
  points: readonly CalibrationPoint[],
  terms: readonly (readonly LatencyFeature[])[],
  clockHz: number,
  fallbackInterval?: LatencyInterval,
): FittedLatency & { readonly calibration: LatencyCalibration } {
  return { ...fitLatencyModel(points, terms, clockHz, fallbackInterval), calibration: { points, terms, clockHz, ...(fallbackInterval ? { fallbackInterval } : {}) } };
}

/** Error of a model on a set of points: MAPE, count and the worst point. */
export interface PointErrors {
  readonly points: number;
  /** Mean absolute percentage error, percent (0 with no points). */
  readonly mape: number;
  readonly worst?: { readonly label: string; readonly predictedMs: number; readonly measuredMs: number };
}

/** Errors of a model on the fitted and the held-out points of a set, apart. */
export interface SplitErrors {
  readonly fitted: PointErrors;
  readonly heldOut: PointErrors;
}

/** Errors of `model` on `points` (ms at `clockHz`), fitted and held-out apart. */
export function splitErrors(model: Pick<LatencyModel, 'cycles'>, points: readonly CalibrationPoint[], clockHz: number): SplitErrors {
  const errors = (ps: readonly CalibrationPoint[]): PointErrors => {
    const pairs = ps.map((p) => ({ label: p.label, predicted: predictMs(model, p, clockHz), measured: p.ms }));
    const worst = [...pairs].sort((a, b) => Math.abs(b.predicted / b.measured - 1) - Math.abs(a.predicted / a.measured - 1))[0];
    return { points: pairs.length, mape: mape(pairs), ...(worst ? { worst: { label: worst.label, predictedMs: worst.predicted, measuredMs: worst.measured } } : {}) };
  };
  return { fitted: errors(points.filter((p) => p.fit)), heldOut: errors(points.filter((p) => !p.fit)) };
}

/** A refit: the new model and the errors before and after, on the shipped and the measured points apart. */
export interface Refit {
  readonly model: LatencyModel;
  /** The terms fitted: the shipped ones plus every feature the measured points have work for that no shipped term covers. */
  readonly terms: readonly (readonly LatencyFeature[])[];
  readonly before: { readonly shipped: SplitErrors; readonly measured: SplitErrors; readonly interval: LatencyInterval };
  readonly after: { readonly shipped: SplitErrors; readonly measured: SplitErrors; readonly interval: LatencyInterval };
}

/**
 * Refit a runtime's coefficients on its shipped points plus `measured` ones (ms at the calibration's clock; those
 * with `fit: false` are held out). Features the measured points have work for and no shipped term covers become
 * terms of their own (a per-operator profile determines what a whole-model time could not). Throws when the
 * runtime keeps no calibration data, or when the points do not determine a term.
 */
export function refitLatencyModel(model: LatencyModel, measured: readonly CalibrationPoint[], source: string): Refit {
  const cal = model.calibration;
  if (!cal) throw new Error(`calibrate: runtime ${model.runtime} ships no calibration data to refit with`);
  const covered = new Set(cal.terms.flat());
  const extra = [...new Set(measured.filter((p) => p.fit).flatMap((p) => Object.entries(p.features).filter(([, v]) => (v ?? 0) > 0).map(([k]) => k as LatencyFeature)))].filter((f) => !covered.has(f));
  const terms = [...cal.terms, ...extra.map((f) => [f])];
  const points = [...cal.points, ...measured];
  const fitted = fitLatencyModel(points, terms, cal.clockHz, cal.fallbackInterval);
  const interval: LatencyInterval = { relative: fitted.interval.relative, basis: `${fitted.interval.basis}; refit with board measurements (${source})` };
  const next: LatencyModel = { ...model, cycles: fitted.cycles, interval, source: `${model.source}; refit with ${measured.length} measured operators (${source})`, calibration: { ...cal, points, terms } };
  const errors = (m: Pick<LatencyModel, 'cycles'>) => ({ shipped: splitErrors(m, cal.points, cal.clockHz), measured: splitErrors(m, measured, cal.clockHz) });
  return { model: next, terms, before: { ...errors(model), interval: model.interval }, after: { ...errors(next), interval } };
}

/** The device with one runtime's latency model replaced (matched by runtime name); the rest unchanged. */
export function withLatencyModel(device: Device, model: LatencyModel): Device {
  if (!device.runtimes.some((r) => r.runtime === model.runtime)) throw new Error(`${device.name}: no runtime ${model.runtime} to replace`);
  const runtimes = device.runtimes.map((r) => (r.runtime === model.runtime ? model : r));
  return Object.freeze({
    ...device,
    runtimes,
    latencyModel(runtime?: string): LatencyModel {
      const base = device.latencyModel(runtime);
      return runtimes.find((r) => r.runtime === base.runtime)!;
    },
  });
}
