import { createHash } from 'node:crypto';
import { beginSearch, recordSearchEvaluations, searchEvaluations, type AnalysisRecord, type ModelDb } from '@cnn-analyzer/model-db';
import type { Evaluation, EvaluationStore } from '@cnn-analyzer/optimizer';

/** A search's id: a hash of everything that decides its result. */
export function searchId(spec: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

/** Evaluations kept in memory before they are written (or after {@link FLUSH_MS}). */
const FLUSH_EVERY = 64;
const FLUSH_MS = 250;

/**
 * The model database as the search's evaluation store: what a search with this id recorded before is read back
 * (so a search stopped by Ctrl-C or SIGKILL resumes), and new evaluations are recorded with their variations, a
 * batch per transaction (every {@link FLUSH_EVERY} evaluations or {@link FLUSH_MS} ms, and at `flush`): a kill
 * loses at most the batch not yet written, which the resumed search evaluates again — to the same result.
 */
export function databaseStore(db: ModelDb, id: string, architecture: string, spec: Record<string, unknown>): { store: EvaluationStore; resumed: number; flush(): void } {
  beginSearch(db, { id, architecture, spec });
  const known = new Map(searchEvaluations(db, id).map((r) => [r.name, r.evaluation as Evaluation]));
  let pending: { name: string; pass: boolean; evaluation: Evaluation; analysis: AnalysisRecord }[] = [];
  let since = Date.now();
  const flush = (): void => {
    const batch = pending;
    pending = [];
    since = Date.now();
    recordSearchEvaluations(db, id, batch);
  };
  return {
    resumed: known.size,
    flush,
    store: {
      get: (name) => known.get(name) ?? pending.find((p) => p.name === name)?.evaluation,
      put: (e, report) => {
        pending.push({ name: e.name, pass: e.violations.length === 0, evaluation: e, analysis: report() as AnalysisRecord });
        if (pending.length >= FLUSH_EVERY || Date.now() - since >= FLUSH_MS) flush();
      },
    },
  };
}
