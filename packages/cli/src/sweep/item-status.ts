import type { AnalysisReport } from '@cnn-analyzer/analysis';
import type { SweepItem, SweepStatus } from '@cnn-analyzer/model-db';
import { brokenConstraints, type Constraints } from '../constraints.js';
import type { PointResult } from './analyze-point.js';

/** A grid point's result as a sweep item: pass within the constraints (and the board), reject outside, error when it failed. */
export function sweepItemOf(r: PointResult, factors: Readonly<Record<string, unknown>>, constraints: Constraints): { item: SweepItem; report?: AnalysisReport } {
  if ('error' in r) return { item: { name: r.name, factors, status: 'error', reason: r.error } };
  const broken = brokenConstraints(r.report.totals, constraints);
  if (r.report.fit && !r.report.fit.fits) broken.push(`does not fit on ${r.report.latency?.device ?? 'the board'}`);
  const status: SweepStatus = broken.length === 0 ? 'pass' : 'reject';
  return { item: { name: r.name, factors, status, reason: broken.length ? broken.join('; ') : null }, report: r.report };
}
