import type { ModelDb } from './database.js';
import { recordAnalysis, type AnalysisRecord } from './record.js';

/** A factor search as stored; its id hashes everything that defines it (architecture, constraints, target, budget, seed). */
export interface SearchRecord {
  readonly id: string;
  readonly architecture: string;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  /** The search's result (best, Pareto front, trail) once it finished. */
  readonly result: unknown;
}

export interface SearchRow {
  id: string;
  architecture: string;
  spec: string;
  created_at: string;
  finished_at: string | null;
  result: string | null;
}

/** Start a search, or find the one with the same id to resume it. */
export function beginSearch(db: ModelDb, s: { id: string; architecture: string; spec: Record<string, unknown> }): SearchRecord {
  db.prepare('INSERT OR IGNORE INTO searches (id, architecture, spec, created_at) VALUES (?, ?, ?, ?)').run(s.id, s.architecture, JSON.stringify(s.spec), new Date().toISOString());
  return getSearch(db, s.id)!;
}

/**
 * Record one evaluation of a search: the variation's analysis and the evaluation commit together in one
 * transaction, so a search killed at any moment resumes from exactly the evaluations recorded.
 */
export function recordSearchEvaluation(db: ModelDb, searchId: string, e: { name: string; pass: boolean; evaluation: unknown }, analysis?: AnalysisRecord): void {
  recordSearchEvaluations(db, searchId, [{ ...e, ...(analysis ? { analysis } : {}) }]);
}

/** {@link recordSearchEvaluation} of several evaluations in one transaction (what a search records at a time). */
export function recordSearchEvaluations(db: ModelDb, searchId: string, items: readonly { name: string; pass: boolean; evaluation: unknown; analysis?: AnalysisRecord }[]): void {
  if (items.length === 0) return;
  db.transaction(() => {
    let seq = (db.prepare('SELECT COUNT(*) AS n FROM search_evaluations WHERE search_id = ?').get(searchId) as { n: number }).n;
    const insert = db.prepare('INSERT OR IGNORE INTO search_evaluations (search_id, seq, name, pass, evaluation) VALUES (?, ?, ?, ?, ?)');
    for (const e of items) {
      if (e.analysis) recordAnalysis(db, e.analysis);
      seq += insert.run(searchId, seq, e.name, e.pass ? 1 : 0, JSON.stringify(e.evaluation)).changes;
    }
  }).immediate();
}

/** The evaluations of a search, in the order they were recorded. */
export function searchEvaluations(db: ModelDb, searchId: string): { name: string; pass: boolean; evaluation: unknown }[] {
  return (db.prepare(EVALUATIONS_QUERY).all(searchId) as EvaluationRow[]).map(toEvaluation);
}

/** The statement of {@link searchEvaluations}, the search id its parameter (both dialects). */
export const EVALUATIONS_QUERY = 'SELECT name, pass, evaluation FROM search_evaluations WHERE search_id = ? ORDER BY seq';
/** A row of {@link EVALUATIONS_QUERY}. */
export interface EvaluationRow { name: string; pass: number; evaluation: string }
/** A row of {@link EVALUATIONS_QUERY} as the API returns it. */
export const toEvaluation = (r: EvaluationRow): { name: string; pass: boolean; evaluation: unknown } => ({ name: r.name, pass: r.pass === 1, evaluation: JSON.parse(r.evaluation) as unknown });

/** Store a finished search's result. */
export function finishSearch(db: ModelDb, searchId: string, result: unknown): void {
  db.prepare('UPDATE searches SET finished_at = ?, result = ? WHERE id = ?').run(new Date().toISOString(), JSON.stringify(result), searchId);
}

/** One search, or undefined. */
export function getSearch(db: ModelDb, id: string): SearchRecord | undefined {
  const r = db.prepare('SELECT * FROM searches WHERE id = ?').get(id) as SearchRow | undefined;
  return r ? toSearch(r) : undefined;
}

/** A row of `searches` as the API returns it. */
export function toSearch(r: SearchRow): SearchRecord {
  return { id: r.id, architecture: r.architecture, spec: JSON.parse(r.spec) as Record<string, unknown>, createdAt: r.created_at, finishedAt: r.finished_at, result: r.result === null ? null : (JSON.parse(r.result) as unknown) };
}
