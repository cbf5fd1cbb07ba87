import type { ModelDb } from './database.js';

/** A recorded search in brief: what the dashboard's list of searches shows. */
export interface SearchSummary {
  readonly id: string;
  readonly architecture: string;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  /** Evaluations recorded so far. */
  readonly evaluations: number;
  /** Of those, within every constraint. */
  readonly passing: number;
}

/** Every recorded search, newest first. */
export function listSearches(db: ModelDb): SearchSummary[] {
  const rows = db.prepare(
    `SELECT s.id, s.architecture, s.spec, s.created_at, s.finished_at,
       (SELECT COUNT(*) FROM search_evaluations e WHERE e.search_id = s.id) AS n,
       (SELECT COUNT(*) FROM search_evaluations e WHERE e.search_id = s.id AND e.pass = 1) AS pass
     FROM searches s ORDER BY s.created_at DESC, s.id`,
  ).all() as { id: string; architecture: string; spec: string; created_at: string; finished_at: string | null; n: number; pass: number }[];
  return rows.map((r) => ({ id: r.id, architecture: r.architecture, spec: JSON.parse(r.spec) as Record<string, unknown>, createdAt: r.created_at, finishedAt: r.finished_at, evaluations: r.n, passing: r.pass }));
}
