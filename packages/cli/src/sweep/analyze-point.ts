import { requireArchitecture } from '../architectures.js';
import { analyze, type AnalysisReport } from '@cnn-analyzer/analysis';
import { calibratedDevice } from '../calibration-option.js';

/** A board (and optionally one of its runtimes) to analyze the points on. */
export interface AnalysisTarget {
  readonly device: string;
  readonly runtime?: string;
}
import type { GridPoint } from './grid.js';

/** What analyzing one grid point gives: its report, or the reason it failed. */
export type PointResult = { readonly name: string; readonly report: AnalysisReport } | { readonly name: string; readonly error: string };

/** Build and analyze one grid point of a built-in architecture; never throws. */
export function analyzePoint(architecture: string, point: GridPoint, target?: AnalysisTarget): PointResult {
  try {
    const { name, factors, graph } = requireArchitecture(architecture).create(point.factors as Record<string, unknown>);
    const device = target ? calibratedDevice(target.device, target.runtime).device : undefined; // a local calibration file when there is one
    const { report } = analyze({ name, architecture, factors, graph, source: 'plugin' }, { ...(device ? { device } : {}), ...(target?.runtime ? { runtime: target.runtime } : {}) });
    return { name: point.name, report };
  } catch (e) {
    return { name: point.name, error: e instanceof Error ? e.message : String(e) };
  }
}
