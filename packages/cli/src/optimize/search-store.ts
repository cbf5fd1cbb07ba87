import { createHash } from 'node:crypto';
import { beginSearch, recordSearchEvaluation, searchEvaluations, type AnalysisRecord, type ModelDb } from '@cnn-analyzer/model-db';
import type { Evaluation, EvaluationStore } from '@cnn-analyzer/optimizer';

/** A search's id: a hash of everything that decides its result. */
export function searchId(spec: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

/**
 * The model database as the search's evaluation store: what a search with this id recorded before is read back
 * (so a search stopped by Ctrl-C or SIGKILL resumes), and each new evaluation is recorded with its variation in one
 * transaction.
 */
export function databaseStore(db: ModelDb, id: string, architecture: string, spec: Record<string, unknown>): { store: EvaluationStore; resumed: number } {
  beginSearch(db, { id, architecture, spec });
  const known = new Map(searchEvaluations(db, id).map((r) => [r.name, r.evaluation as Evaluation]));
  return {
    resumed: known.size,
    store: {
      get: (name) => known.get(name),
      put: (e, report) => recordSearchEvaluation(db, id, { name: e.name, pass: e.violations.length === 0, evaluation: e }, report() as AnalysisRecord),
    },
  };
}
