import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import type { ModelDb } from './database.js';

/** One variation with its totals, as `list` and `compare` show it. */
export interface VariationRow {
  readonly name: string;
  readonly architecture: string;
  readonly factors: Readonly<Record<string, unknown>>;
  readonly params: number;
  readonly macs: number;
  readonly flops: number;
  readonly modelSizeBytes: number | null;
  readonly bytesPerParam: number | null;
  readonly peakMemoryBytes: number | null;
  readonly arenaBytes: number | null;
  /** Estimated latency on the board of {@link ListOptions.device}, ms; null without a device or a recorded fit. */
  readonly latencyMs: number | null;
  /** Best int8 accuracy of its recorded training runs (0..1), or null. */
  readonly int8Accuracy: number | null;
}

/** Columns a list can be sorted by. */
export const SORTABLE = {
  name: 'v.name',
  params: 'm.params',
  macs: 'm.macs',
  flops: 'm.flops',
  modelSizeBytes: 'm.model_size_bytes',
  bytesPerParam: 'm.bytes_per_param',
  peakMemoryBytes: 'm.peak_memory_bytes',
  arenaBytes: 'm.arena_bytes',
  latencyMs: 'f.latency_ms',
  int8Accuracy: 'int8_accuracy',
} as const;
export type SortKey = keyof typeof SORTABLE;

/** True when `key` is one of {@link SORTABLE}'s own keys (not `constructor`, `__proto__` or another inherited name). */
export function isSortKey(key: string): key is SortKey {
  return Object.prototype.hasOwnProperty.call(SORTABLE, key);
}

/** Filters of {@link listVariations}; a variation without the metric passes a limit on it only if unknown metrics are allowed. */
export interface ListOptions {
  readonly architecture?: string;
  readonly names?: readonly string[];
  /** Model bytes at most. */
  readonly maxFlashBytes?: number;
  /** Peak memory bytes at most. */
  readonly maxRamBytes?: number;
  readonly maxMacs?: number;
  /** Board whose recorded latency (its fastest recorded runtime) fills `latencyMs`; with it, only variations with a fit on that board are listed. */
  readonly device?: string;
  /** Estimated latency at most, ms (needs `device`). */
  readonly maxLatencyMs?: number;
  readonly sort?: SortKey;
  readonly descending?: boolean;
}

/** A row of the list statement. */
export interface Row {
  name: string;
  architecture: string;
  factors: string;
  params: number;
  macs: number;
  flops: number;
  model_size_bytes: number | null;
  bytes_per_param: number | null;
  peak_memory_bytes: number | null;
  arena_bytes: number | null;
  latency_ms: number | null;
  int8_accuracy: number | null;
}

/**
 * The statement of {@link listVariations} (`?` placeholders) and its arguments, in the syntax SQLite and PostgreSQL
 * share (NULLs sort as SQLite sorts them, first when ascending, in both), so the async store runs it too.
 */
export function listQuery(o: ListOptions = {}): { sql: string; args: (string | number)[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const sort = o.sort ?? 'name';
  if (!isSortKey(sort)) throw new CnnAnalyzerError(`--sort: ${JSON.stringify(sort)} is not one of ${Object.keys(SORTABLE).join(', ')}`, 'sort', sort);
  // the device's fits join first so their parameter comes first; of several runtimes, the fastest counts
  const join = o.device
    ? 'JOIN (SELECT name, MIN(latency_ms) AS latency_ms FROM device_fits WHERE device = ? GROUP BY name) f ON f.name = v.name'
    : 'LEFT JOIN (SELECT CAST(NULL AS REAL) AS latency_ms) f ON 1 = 0';
  if (o.device) args.push(o.device);
  if (o.architecture) (where.push('v.architecture = ?'), args.push(o.architecture));
  if (o.names && o.names.length > 0) (where.push(`v.name IN (${o.names.map(() => '?').join(', ')})`), args.push(...o.names));
  if (o.maxFlashBytes !== undefined) (where.push('m.model_size_bytes <= ?'), args.push(o.maxFlashBytes));
  if (o.maxRamBytes !== undefined) (where.push('m.peak_memory_bytes <= ?'), args.push(o.maxRamBytes));
  if (o.maxMacs !== undefined) (where.push('m.macs <= ?'), args.push(o.maxMacs));
  if (o.maxLatencyMs !== undefined) {
    if (!o.device) throw new CnnAnalyzerError('--max-latency: needs --device (latency is per board)', 'maxLatencyMs', o.maxLatencyMs);
    where.push('f.latency_ms <= ?');
    args.push(o.maxLatencyMs);
  }
  if (sort === 'latencyMs' && !o.device) throw new CnnAnalyzerError('--sort latencyMs: needs --device (latency is per board)', 'sort', sort);
  const sql = `SELECT v.name, v.architecture, v.factors, m.params, m.macs, m.flops, m.model_size_bytes, m.bytes_per_param, m.peak_memory_bytes, m.arena_bytes, f.latency_ms,
      (SELECT MAX(t.int8_accuracy) FROM training_runs t WHERE t.name = v.name) AS int8_accuracy
    FROM variations v JOIN metrics m ON m.name = v.name ${join} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${SORTABLE[sort]} ${o.descending ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}, v.name`;
  return { sql, args };
}

/** A row of {@link listQuery} as the API returns it. */
export function toVariationRow(r: Row): VariationRow {
  return {
    name: r.name,
    architecture: r.architecture,
    factors: JSON.parse(r.factors) as Record<string, unknown>,
    params: r.params,
    macs: r.macs,
    flops: r.flops,
    modelSizeBytes: r.model_size_bytes,
    bytesPerParam: r.bytes_per_param,
    peakMemoryBytes: r.peak_memory_bytes,
    arenaBytes: r.arena_bytes,
    latencyMs: r.latency_ms,
    int8Accuracy: r.int8_accuracy,
  };
}

/** Variations with their totals, filtered by architecture, names and constraints, sorted by any metric. */
export function listVariations(db: ModelDb, o: ListOptions = {}): VariationRow[] {
  const { sql, args } = listQuery(o);
  return (db.prepare(sql).all(...args) as Row[]).map(toVariationRow);
}

/** Boards with at least one recorded fit, by name. */
export function recordedDevices(db: ModelDb): string[] {
  return (db.prepare('SELECT DISTINCT device FROM device_fits ORDER BY device').all() as { device: string }[]).map((r) => r.device);
}

/** True when a variation of this exact name is recorded. */
export function hasVariation(db: ModelDb, name: string): boolean {
  return db.prepare('SELECT 1 FROM variations WHERE name = ?').get(name) !== undefined;
}
