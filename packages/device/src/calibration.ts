import type { CostClass } from './latency-model.js';

/** A published latency measurement of a model, with the work of each cost class of that model. */
export interface CalibrationPoint {
  /** What was measured, e.g. `MLPerf Tiny v0.5 VWW (MobileNet v1 0.25)`. */
  readonly label: string;
  /** Measured latency, ms. */
  readonly ms: number;
  /** Citation. */
  readonly source: string;
  /** Work per cost class (MACs or output elements), from analyzing the same model. */
  readonly work: Readonly<Partial<Record<CostClass, number>>>;
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
  const n = groups.length;
  const classes = groups.map((g) => g.join('+'));
  const a = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (const p of rows) {
    const x = groups.map((g) => g.reduce((sum, c) => sum + (p.work[c] ?? 0), 0));
    const y = (p.ms / 1000) * clockHz;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) a[i]![j]! += x[i]! * x[j]!;
      a[i]![n]! += x[i]! * y;
    }
  }
  for (let col = 0; col < n; col++) {
    const pivot = a.slice(col).reduce((best, r, k) => (Math.abs(r[col]!) > Math.abs(a[best]![col]!) ? col + k : best), col);
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    if (Math.abs(p) < 1e-9) throw new Error(`calibration: the points do not determine the ${classes[col]} coefficient`);
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / p;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  const out: Record<CostClass, number> = { conv: 0, pointwise: 0, depthwise: 0, dense: 0, pool: 0, elementwise: 0, movement: 0, fused: 0 };
  groups.forEach((g, i) => g.forEach((c) => (out[c] = a[i]![n]! / a[i]![i]!)));
  return out;
}

/** Predicted latency of a point, ms. */
export function predictMs(coefficients: Readonly<Partial<Record<CostClass, number>>>, point: CalibrationPoint, clockHz: number, perOperatorCycles = 0, operators = 0): number {
  const cycles = Object.entries(point.work).reduce((s, [c, w]) => s + (coefficients[c as CostClass] ?? 0) * (w ?? 0), 0) + perOperatorCycles * operators;
  return (cycles / clockHz) * 1000;
}

/** Mean absolute percentage error of predictions, percent. */
export function mape(pairs: readonly { readonly predicted: number; readonly measured: number }[]): number {
  return pairs.length === 0 ? 0 : (100 * pairs.reduce((s, p) => s + Math.abs(p.predicted - p.measured) / p.measured, 0)) / pairs.length;
}
