import type { AnalysisExtras, CurvePoint, HostBenchmark, StoreReads, VariationDetail } from '@cnn-analyzer/model-db';
import type { Budgets } from '@cnn-analyzer/device';
import { withChecks, type CheckedRow } from './checks.js';
import { deployedLayers, type DeployedLayer } from './deployed-layers.js';

/** Everything a scorecard shows: the recorded detail, its checks, the deployed layers per board, benchmarks, curves. */
export interface ScorecardData extends Omit<VariationDetail, 'row'> {
  readonly row: CheckedRow;
  /** Analysis extras per board (`''`: without a board). */
  readonly extras: readonly AnalysisExtras[];
  /** Deployed-layer rows per board analyzed on (`''`: without a board), fused rows merged. */
  readonly deployed: Readonly<Record<string, readonly DeployedLayer[]>>;
  readonly hostBenchmarks: readonly (HostBenchmark & { readonly id: number; readonly measuredAt: string })[];
  /** Per-epoch curves of the runs made by `train`, by run id. */
  readonly curves: Readonly<Record<string, readonly CurvePoint[]>>;
}

/** The scorecard of a recorded variation, checked against the budgets; undefined when it is not recorded. */
export async function scorecardData(db: StoreReads, name: string, budgets: Budgets): Promise<ScorecardData | undefined> {
  const found = await db.variationDetail(name);
  if (!found) return undefined;
  const extras = await db.analysisExtras(found.row.name);
  const deployed: Record<string, readonly DeployedLayer[]> = {};
  for (const e of extras) deployed[e.device] = deployedLayers(found.layers, e);
  if (extras.length === 0) deployed[''] = deployedLayers(found.layers, undefined);
  const curves: Record<string, readonly CurvePoint[]> = {};
  for (const run of found.trainingRuns) {
    const details = await db.trainedRunDetails(run.id);
    if (details && details.curves.length > 0) curves[String(run.id)] = details.curves;
  }
  return { ...found, row: withChecks(found.row, budgets), extras, deployed, hostBenchmarks: await db.hostBenchmarks(found.row.name), curves };
}
