import { requireArchitecture } from '../architectures.js';
import { analyzeResolved, type AnalysisTarget, type AnalyzeReport } from '../commands/analyze.js';
import type { GridPoint } from './grid.js';

/** What analyzing one grid point gives: its report, or the reason it failed. */
export type PointResult = { readonly name: string; readonly report: AnalyzeReport } | { readonly name: string; readonly error: string };

/** Build and analyze one grid point of a built-in architecture; never throws. */
export function analyzePoint(architecture: string, point: GridPoint, target?: AnalysisTarget): PointResult {
  try {
    const { name, factors, graph } = requireArchitecture(architecture).create(point.factors as Record<string, unknown>);
    const { report } = analyzeResolved({ name, architecture, factors, graph, source: 'plugin' }, target);
    return { name: point.name, report };
  } catch (e) {
    return { name: point.name, error: e instanceof Error ? e.message : String(e) };
  }
}
