import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import type { ModelDb } from './database.js';
import { recordAnalysis, type AnalysisRecord } from './record.js';

/** How a sweep item ended: within the constraints, outside them, or failed to analyze. */
export type SweepStatus = 'pass' | 'reject' | 'error';

/** A sweep as stored: its identity is a hash of everything that defines its grid. */
export interface SweepRecord {
  readonly id: string;
  readonly architecture: string;
  /** The grid, constraints and target, as the sweep command resolved them. */
  readonly spec: Readonly<Record<string, unknown>>;
  readonly total: number;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

/** One finished item of a sweep. */
export interface SweepItem {
  readonly name: string;
  readonly factors: Readonly<Record<string, unknown>>;
  readonly status: SweepStatus;
  readonly reason: string | null;
}

export interface SweepRow {
  id: string;
  architecture: string;
  spec: string;
  total: number;
  created_at: string;
  finished_at: string | null;
}

/** A row of `sweeps` as the API returns it. */
export const toSweep = (r: SweepRow): SweepRecord => ({
  id: r.id,
  architecture: r.architecture,
  spec: JSON.parse(r.spec) as Record<string, unknown>,
  total: r.total,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

/**
 * Start a sweep, or find the one with the same id (same grid, constraints and target) to resume it.
 * Returns the sweep and the names of its items already finished, which a resumed run skips.
 */
export function beginSweep(db: ModelDb, s: { id: string; architecture: string; spec: Record<string, unknown>; total: number }): { sweep: SweepRecord; done: Set<string> } {
  db.prepare('INSERT OR IGNORE INTO sweeps (id, architecture, spec, total, created_at, finished_at) VALUES (?, ?, ?, ?, ?, NULL)').run(
    s.id, s.architecture, JSON.stringify(s.spec), s.total, new Date().toISOString(),
  );
  const sweep = getSweep(db, s.id)!;
  if (sweep.total !== s.total || sweep.architecture !== s.architecture) {
    throw new CnnAnalyzerError(`sweep ${s.id}: stored with ${sweep.total} items of ${sweep.architecture}, now ${s.total} of ${s.architecture}`, 'sweep', s.id);
  }
  const done = new Set((db.prepare('SELECT name FROM sweep_items WHERE sweep_id = ?').all(s.id) as { name: string }[]).map((r) => r.name));
  return { sweep, done };
}

/**
 * Record one finished item in a single transaction: the variation's analysis (when there is one) and the
 * item's status commit together, so a sweep killed at any moment never has one without the other.
 */
export function recordSweepItem(db: ModelDb, sweepId: string, item: SweepItem, analysis?: AnalysisRecord): void {
  db.transaction(() => {
    if (analysis) recordAnalysis(db, analysis);
    db.prepare('INSERT OR REPLACE INTO sweep_items (sweep_id, name, factors, status, reason) VALUES (?, ?, ?, ?, ?)').run(
      sweepId, item.name, JSON.stringify(item.factors), item.status, item.reason,
    );
  }).immediate();
}

/** Mark a sweep finished (every item recorded). */
export function finishSweep(db: ModelDb, sweepId: string): void {
  db.prepare('UPDATE sweeps SET finished_at = COALESCE(finished_at, ?) WHERE id = ?').run(new Date().toISOString(), sweepId);
}

/** One sweep, or undefined. */
export function getSweep(db: ModelDb, id: string): SweepRecord | undefined {
  const row = db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as SweepRow | undefined;
  return row ? toSweep(row) : undefined;
}

/** The statement of {@link listSweeps} (both dialects). */
export const SWEEPS_QUERY = 'SELECT * FROM sweeps ORDER BY created_at DESC, id';

/** Every sweep, newest first. */
export function listSweeps(db: ModelDb): SweepRecord[] {
  return (db.prepare(SWEEPS_QUERY).all() as SweepRow[]).map(toSweep);
}

/** The finished items of a sweep, by name. */
export function sweepItems(db: ModelDb, sweepId: string): SweepItem[] {
  return (db.prepare('SELECT name, factors, status, reason FROM sweep_items WHERE sweep_id = ? ORDER BY name').all(sweepId) as { name: string; factors: string; status: SweepStatus; reason: string | null }[]).map(
    (r) => ({ name: r.name, factors: JSON.parse(r.factors) as Record<string, unknown>, status: r.status, reason: r.reason }),
  );
}
