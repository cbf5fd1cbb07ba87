import type { ByteCycles, CostClass, LatencyModel } from './latency-model.js';

type ByClass = Readonly<Partial<Record<CostClass, number>>>;

/** A published latency measurement (of a model, an operator type or one layer) with the work it covers. */
export interface CalibrationPoint {
  /** What was measured, e.g. `MLPerf Tiny v0.5 VWW (MobileNet v1 0.25)`. */
  readonly label: string;
  /** Measured latency, ms. */
  readonly ms: number;
  /** Citation. */
  readonly source: string;
  /** Work per cost class (MACs or output elements), from analyzing the same model. */
  readonly work: ByClass;
  /** int8 output bytes per cost class (for models with output-byte terms). */
  readonly outputBytes?: ByClass;
  /** Parameters read per cost class (for models with weight-byte terms). */
  readonly weightBytes?: ByClass;
  /** Operators invoked (for models with a per-operator cost). @default 0 */
  readonly operators?: number;
  /** Used to fit the coefficients (true) or held out to test them (false). */
  readonly fit: boolean;
}

/**
 * Least-squares cycles per unit of work on the points marked `fit`: one coefficient per group of
 * cost classes (classes in a group share it, e.g. conv with pointwise when a source only splits
 * CONV_2D from DEPTHWISE_CONV_2D), from the normal equations of cycles = Σ coefficient × work.
 * Classes in no group get 0. Throws when the points do not determine a group.
 */
export function fitCoefficients(points: readonly CalibrationPoint[], groups: readonly (readonly CostClass[])[], clockHz: number): Record<CostClass, number> {
  const rows = points.filter((p) => p.fit);
  const x = rows.map((p) => groups.map((g) => g.reduce((sum, c) => sum + (p.work[c] ?? 0), 0)));
  const y = rows.map((p) => (p.ms / 1000) * clockHz);
  const solution = solveLeastSquares(x, y, groups.map((g) => g.join('+')));
  const out = zeroCoefficients();
  groups.forEach((g, i) => g.forEach((c) => (out[c] = solution[i]!)));
  return out;
}

/** One fitted term of a latency model: which feature, shared by which cost classes. */
export interface LatencyTerm {
  readonly feature: 'work' | 'outputBytes' | 'weightBytes' | 'operators';
  /** Classes sharing the coefficient (ignored for `operators`). */
  readonly classes?: readonly CostClass[];
}

/** The fitted part of a latency model. */
export type FittedLatency = Pick<LatencyModel, 'coefficients' | 'perOperatorCycles' | 'outputByteCycles' | 'weightByteCycles'>;

/**
 * Non-negative least squares fit of a latency model's terms on the points marked `fit`, each point
 * weighted by 1 / its measured time so that small layers count as much as large ones (the fit
 * minimizes relative error, as the MAPE it is judged by). Non-negative coefficients keep latency
 * monotone in every term. Throws when a term has no work in any fitted point.
 */
export function fitLatencyModel(points: readonly CalibrationPoint[], terms: readonly LatencyTerm[], clockHz: number): FittedLatency {
  const rows = points.filter((p) => p.fit);
  const feature = (p: CalibrationPoint, t: LatencyTerm): number => {
    if (t.feature === 'operators') return p.operators ?? 0;
    const by = t.feature === 'work' ? p.work : t.feature === 'outputBytes' ? p.outputBytes : p.weightBytes;
    return (t.classes ?? []).reduce((s, c) => s + (by?.[c] ?? 0), 0);
  };
  const names = terms.map((t) => `${t.feature}${t.classes ? `(${t.classes.join('+')})` : ''}`);
  terms.forEach((t, j) => {
    if (!rows.some((p) => feature(p, t) > 0)) throw new Error(`calibration: no fitted point has work for the ${names[j]} term`);
  });
  const x = rows.map((p) => terms.map((t) => feature(p, t) / p.ms));
  const y = rows.map((p) => ((p.ms / 1000) * clockHz) / p.ms);
  const solution = nonNegativeLeastSquares(x, y);
  const coefficients = zeroCoefficients();
  const outputByteCycles: Partial<Record<CostClass, number>> = {};
  const weightByteCycles: Partial<Record<CostClass, number>> = {};
  let perOperatorCycles = 0;
  terms.forEach((t, j) => {
    const v = solution[j]!;
    if (t.feature === 'operators') perOperatorCycles = v;
    for (const c of t.classes ?? []) {
      if (t.feature === 'work') coefficients[c] = v;
      else if (t.feature === 'outputBytes') outputByteCycles[c] = v;
      else weightByteCycles[c] = v;
    }
  });
  return { coefficients, perOperatorCycles, outputByteCycles, weightByteCycles };
}

/** What `predictMs` needs of a latency model. */
export interface PredictTerms {
  readonly coefficients: ByClass;
  readonly perOperatorCycles?: number;
  readonly outputByteCycles?: ByteCycles;
  readonly weightByteCycles?: ByteCycles;
}

/** Predicted latency of a point, ms. */
export function predictMs(model: PredictTerms, point: CalibrationPoint, clockHz: number): number {
  const dot = (coef: ByClass | undefined, by: ByClass | undefined): number =>
    Object.entries(by ?? {}).reduce((s, [c, w]) => s + (coef?.[c as CostClass] ?? 0) * (w ?? 0), 0);
  const cycles =
    dot(model.coefficients, point.work) +
    dot(model.outputByteCycles, point.outputBytes) +
    dot(model.weightByteCycles, point.weightBytes) +
    (model.perOperatorCycles ?? 0) * (point.operators ?? 0);
  return (cycles / clockHz) * 1000;
}

/** Mean absolute percentage error of predictions, percent. */
export function mape(pairs: readonly { readonly predicted: number; readonly measured: number }[]): number {
  return pairs.length === 0 ? 0 : (100 * pairs.reduce((s, p) => s + Math.abs(p.predicted - p.measured) / p.measured, 0)) / pairs.length;
}

function zeroCoefficients(): Record<CostClass, number> {
  return { conv: 0, pointwise: 0, depthwise: 0, dense: 0, pool: 0, elementwise: 0, softmax: 0, movement: 0, fused: 0 };
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
