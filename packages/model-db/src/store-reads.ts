import type { ModelDb } from './database.js';
import { analysisExtras, EXTRAS_QUERY, toExtras, type AnalysisExtras, type ExtrasRow } from './analysis-extras.js';
import { BENCHMARK_OPS_QUERY, BENCHMARKS_QUERY, hostBenchmarks, toHostBenchmark, type BenchmarkOpRow, type StoredHostBenchmark } from './host-benchmarks.js';
import { hasVariation, listQuery, listVariations, recordedDevices, toVariationRow, type ListOptions, type Row, type VariationRow } from './query.js';
import { listSearches, SEARCHES_QUERY, searchSummariesOf, type SearchSummary, type SearchSummaryRow } from './searches-list.js';
import { EVALUATIONS_QUERY, getSearch, searchEvaluations, toEvaluation, toSearch, type EvaluationRow, type SearchRecord, type SearchRow } from './searches.js';
import type { SqlDriver } from './sql-driver.js';
import { listSweeps, SWEEPS_QUERY, toSweep, type SweepRecord, type SweepRow } from './sweeps.js';
import { trainedRunDetails, type TrainedRunDetails } from './trained-runs.js';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import { architecturesOf, ARCHITECTURES_QUERY, DETAIL_QUERIES, detailOf, recordedArchitectures, variationDetail, type ArchitectureSummary, type VariationDetail } from './variation-detail.js';

/**
 * What the dashboard, `show` and `compare` read from the model database, behind one async seam: the same answers
 * from a SQLite file (synchronous API, {@link syncReads}) and from any {@link SqlDriver} (SQLite or PostgreSQL,
 * {@link driverReads}). Each method answers as the synchronous function of the same name does.
 */
export interface StoreReads {
  /** True when a variation of this exact name is recorded. */
  hasVariation(name: string): Promise<boolean>;
  listVariations(o?: ListOptions): Promise<VariationRow[]>;
  recordedDevices(): Promise<string[]>;
  recordedArchitectures(): Promise<ArchitectureSummary[]>;
  listSweeps(): Promise<SweepRecord[]>;
  variationDetail(name: string): Promise<VariationDetail | undefined>;
  analysisExtras(name: string): Promise<AnalysisExtras[]>;
  /** Throws for a run id that is not recorded; undefined for a run without details. */
  trainedRunDetails(id: number): Promise<TrainedRunDetails | undefined>;
  hostBenchmarks(name: string): Promise<StoredHostBenchmark[]>;
  listSearches(): Promise<SearchSummary[]>;
  getSearch(id: string): Promise<SearchRecord | undefined>;
  searchEvaluations(searchId: string): Promise<{ name: string; pass: boolean; evaluation: unknown }[]>;
}

/** The reads over an open SQLite file through the synchronous API. */
export function syncReads(db: ModelDb): StoreReads {
  return {
    hasVariation: async (name) => hasVariation(db, name),
    listVariations: async (o) => listVariations(db, o),
    recordedDevices: async () => recordedDevices(db),
    recordedArchitectures: async () => recordedArchitectures(db),
    listSweeps: async () => listSweeps(db),
    variationDetail: async (name) => variationDetail(db, name),
    analysisExtras: async (name) => analysisExtras(db, name),
    trainedRunDetails: async (id) => trainedRunDetails(db, id),
    hostBenchmarks: async (name) => hostBenchmarks(db, name),
    listSearches: async () => listSearches(db),
    getSearch: async (id) => getSearch(db, id),
    searchEvaluations: async (id) => searchEvaluations(db, id),
  };
}

/** The reads over a driver: the synchronous API's statements and row mappings, in either dialect. */
export function driverReads(driver: SqlDriver): StoreReads {
  const listRows = async (o: ListOptions = {}): Promise<VariationRow[]> => {
    const { sql, args } = listQuery(o);
    return (await driver.all<Row>(sql, args)).map(toVariationRow);
  };
  return {
    hasVariation: async (name) => (await driver.all('SELECT 1 FROM variations WHERE name = ?', [name])).length > 0,
    listVariations: listRows,
    recordedDevices: async () => (await driver.all<{ device: string }>('SELECT DISTINCT device FROM device_fits ORDER BY device')).map((r) => r.device),
    recordedArchitectures: async () => architecturesOf(await driver.all<{ architecture: string; factors: string }>(ARCHITECTURES_QUERY)),
    listSweeps: async () => (await driver.all<SweepRow>(SWEEPS_QUERY)).map(toSweep),
    async variationDetail(name) {
      const [row] = await listRows({ names: [name] });
      if (!row) return undefined;
      const q = (sql: string): Promise<Record<string, unknown>[]> => driver.all<Record<string, unknown>>(sql, [name]);
      const d = DETAIL_QUERIES;
      return detailOf(row, { layers: await q(d.layers), plans: await q(d.plans), fits: await q(d.fits), exports: await q(d.exports), runs: await q(d.runs) });
    },
    analysisExtras: async (name) => (await driver.all<ExtrasRow>(EXTRAS_QUERY, [name])).map(toExtras),
    async trainedRunDetails(id) {
      const [row] = await driver.all<{ details: string | null }>('SELECT details FROM training_runs WHERE id = ?', [id]);
      if (!row) throw new CnnAnalyzerError(`training run ${id}: not in the database`, 'id', id);
      return row.details === null ? undefined : (JSON.parse(row.details) as TrainedRunDetails);
    },
    async hostBenchmarks(name) {
      const out: StoredHostBenchmark[] = [];
      for (const r of await driver.all<Record<string, string | number>>(BENCHMARKS_QUERY, [name])) out.push(toHostBenchmark(r, await driver.all<BenchmarkOpRow>(BENCHMARK_OPS_QUERY, [r.id!])));
      return out;
    },
    listSearches: async () => searchSummariesOf(await driver.all<SearchSummaryRow>(SEARCHES_QUERY)),
    getSearch: async (id) => {
      const [r] = await driver.all<SearchRow>('SELECT * FROM searches WHERE id = ?', [id]);
      return r ? toSearch(r) : undefined;
    },
    searchEvaluations: async (id) => (await driver.all<EvaluationRow>(EVALUATIONS_QUERY, [id])).map(toEvaluation),
  };
}
