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

/** The statement of {@link listSearches} (both dialects). */
export const SEARCHES_QUERY = `SELECT s.id, s.architecture, s.spec, s.created_at, s.finished_at,
       (SELECT COUNT(*) FROM search_evaluations e WHERE e.search_id = s.id) AS n,
       (SELECT COUNT(*) FROM search_evaluations e WHERE e.search_id = s.id AND e.pass = 1) AS pass
     FROM searches s ORDER BY s.created_at DESC, s.id`;

/** A row of {@link SEARCHES_QUERY}. */
export interface SearchSummaryRow { id: string; architecture: string; spec: string; created_at: string; finished_at: string | null; n: number; pass: number }

/** Summaries from the rows of {@link SEARCHES_QUERY}. */
export function searchSummariesOf(rows: readonly SearchSummaryRow[]): SearchSummary[] {
  return rows.map((r) => ({ id: r.id, architecture: r.architecture, spec: JSON.parse(r.spec) as Record<string, unknown>, createdAt: r.created_at, finishedAt: r.finished_at, evaluations: r.n, passing: r.pass }));
}

/** Every recorded search, newest first. */
export function listSearches(db: ModelDb): SearchSummary[] {
  return searchSummariesOf(db.prepare(SEARCHES_QUERY).all() as SearchSummaryRow[]);
}
