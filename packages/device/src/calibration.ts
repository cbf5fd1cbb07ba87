import { LATENCY_FEATURES, type Features, type LatencyFeature } from './op-features.js';
import { featureCycles, type LatencyInterval, type LatencyModel } from './latency-model.js';
import type { CalibrationPoint } from './calibration-point.js';

export type { CalibrationPoint } from './calibration-point.js';

/** The fitted part of a latency model. */
export type FittedLatency = Pick<LatencyModel, 'cycles' | 'interval'>;

/** z for a two-sided 90 % normal interval. */
const Z90 = 1.645;

/**
 * Non-negative least squares fit of cycles per unit on the points marked `fit`. Features in one group share a
 * coefficient (e.g. every MAC feature when a source only gives whole-model times); features in no group cost 0.
 * Each point is weighted by 1 / its measured time, so the fit minimizes relative error (the MAPE it is judged by);
 * non-negative coefficients keep latency monotone in every term.
 *
 * The interval: the root mean square of the fitted points' relative residuals, scaled by √(n / (n − p)) for the p
 * coefficients the fit chose (the unbiased estimate of the relative error's spread), times 1.645 (a 90 % two-sided
 * normal interval). With no more points than coefficients there is nothing to estimate the spread from: the fit
 * then throws unless `fallbackInterval` says what to claim instead. Throws when a group has no work in any fitted point.
 */
export function fitLatencyModel(
  points: readonly CalibrationPoint[],
  groups: readonly (readonly LatencyFeature[])[],
  clockHz: number,
  fallbackInterval?: LatencyInterval,
): FittedLatency {
  const rows = points.filter((p) => p.fit);
  const value = (p: CalibrationPoint, g: readonly LatencyFeature[]): number => g.reduce((s, f) => s + (p.features[f] ?? 0), 0);
  groups.forEach((g) => {
    if (!rows.some((p) => value(p, g) > 0)) throw new Error(`calibration: no fitted point has work for the ${g.join('+')} term`);
  });
  const x = rows.map((p) => groups.map((g) => value(p, g) / p.ms));
  const y = rows.map(() => clockHz / 1000);
  const solution = nonNegativeLeastSquares(x, y);
  const cycles: Partial<Record<LatencyFeature, number>> = {};
  groups.forEach((g, j) => g.forEach((f) => (cycles[f] = solution[j]!)));
  for (const f of LATENCY_FEATURES) if (cycles[f] === 0) delete cycles[f];
  const used = solution.filter((v) => v > 0).length;
  const n = rows.length;
  let interval: LatencyInterval;
  if (n > used) {
    const rel = rows.map((p) => predictMs({ cycles }, p, clockHz) / p.ms - 1);
    const rms = Math.sqrt(rel.reduce((s, r) => s + r * r, 0) / n);
    interval = {
      relative: Z90 * rms * Math.sqrt(n / (n - used)),
      basis: `90 % interval from the residuals of ${n} fitted points (RMS relative residual ${(100 * rms).toFixed(1)} %, ${used} coefficients)`,
    };
  } else if (fallbackInterval) {
    interval = fallbackInterval;
  } else {
    throw new Error(`calibration: ${n} fitted points for ${used} coefficients leave no residuals to build an interval from (give a fallback interval)`);
  }
  return { cycles, interval };
}

/** Predicted latency of a point, ms. */
export function predictMs(model: Pick<LatencyModel, 'cycles'>, point: Pick<CalibrationPoint, 'features'>, clockHz: number): number {
  return (featureCycles(model, point.features) / clockHz) * 1000;
}

/** Mean absolute percentage error of predictions, percent. */
export function mape(pairs: readonly { readonly predicted: number; readonly measured: number }[]): number {
  return pairs.length === 0 ? 0 : (100 * pairs.reduce((s, p) => s + Math.abs(p.predicted - p.measured) / p.measured, 0)) / pairs.length;
}

/** Least squares by the normal equations with partial pivoting; throws naming an undetermined column. */
function solveLeastSquares(x: readonly (readonly number[])[], y: readonly number[], names: readonly string[]): number[] {
  const n = names.length;
  const a = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  x.forEach((row, r) => {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) a[i]![j]! += row[i]! * row[j]!;
      a[i]![n]! += row[i]! * y[r]!;
    }
  });
  for (let col = 0; col < n; col++) {
    const pivot = a.slice(col).reduce((best, r, k) => (Math.abs(r[col]!) > Math.abs(a[best]![col]!) ? col + k : best), col);
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    if (Math.abs(p) < 1e-9) throw new Error(`calibration: the points do not determine the ${names[col]} coefficient`);
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / p;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

/**
 * Lawson–Hanson active-set non-negative least squares: min ‖x·β − y‖ subject to β ≥ 0.
 * Columns are scaled to unit norm first so the tolerances do not depend on units.
 */
function nonNegativeLeastSquares(x: readonly (readonly number[])[], y: readonly number[]): number[] {
  const n = x[0]?.length ?? 0;
  const norms = Array.from({ length: n }, (_, j) => Math.sqrt(x.reduce((s, r) => s + r[j]! ** 2, 0)) || 1);
  const xs = x.map((r) => r.map((v, j) => v / norms[j]!));
  const beta = new Array<number>(n).fill(0);
  const passive = new Set<number>();
  const residualGradient = (): number[] => {
    const res = xs.map((r, i) => y[i]! - r.reduce((s, v, j) => s + v * beta[j]!, 0));
    return Array.from({ length: n }, (_, j) => xs.reduce((s, r, i) => s + r[j]! * res[i]!, 0));
  };
  const solvePassive = (): number[] => {
    const cols = [...passive];
    const sub = solveLeastSquares(xs.map((r) => cols.map((j) => r[j]!)), y, cols.map(String));
    const full = new Array<number>(n).fill(0);
    cols.forEach((j, k) => (full[j] = sub[k]!));
    return full;
  };
  const tol = 1e-10 * Math.max(1, Math.sqrt(y.reduce((s, v) => s + v * v, 0)));
  for (let outer = 0; outer < 3 * n + 10; outer++) {
    const w = residualGradient();
    const candidates = w.map((v, j) => [v, j] as const).filter(([v, j]) => !passive.has(j) && v > tol);
    if (candidates.length === 0) break;
    passive.add(candidates.reduce((a, b) => (b[0] > a[0] ? b : a))[1]);
    for (let inner = 0; inner < 3 * n + 10; inner++) {
      const z = solvePassive();
      if ([...passive].every((j) => z[j]! > 0)) {
        beta.splice(0, n, ...z);
        break;
      }
      const alpha = Math.min(...[...passive].filter((j) => z[j]! <= 0).map((j) => beta[j]! / (beta[j]! - z[j]!)));
      for (let j = 0; j < n; j++) beta[j] = beta[j]! + alpha * (z[j]! - beta[j]!);
      for (const j of [...passive]) if (beta[j]! <= 1e-12) { passive.delete(j); beta[j] = 0; }
    }
  }
  return beta.map((b, j) => b / norms[j]!);
}
