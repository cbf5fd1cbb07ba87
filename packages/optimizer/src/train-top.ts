import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import type { Candidate } from './pareto.js';
import type { SearchResult } from './search.js';

/** What training one shortlisted candidate gave (accuracies on the test split, fractions 0..1). */
export interface CandidateTraining {
  /** Float model in TensorFlow.js. */
  readonly floatAccuracy: number;
  /** The int8 export in TensorFlow Lite (the deployment's number); absent when it was not exported. */
  readonly int8Accuracy?: number;
  readonly epochs: number;
  /** Where the run left its weights and its int8 file, and its record in the model database. */
  readonly checkpoint?: string;
  readonly tflite?: string;
  readonly runId?: number;
  /** True when a run recorded earlier with the same setup was reused instead of training again. */
  readonly reused?: boolean;
}

/** One shortlisted candidate and its training. */
export interface TrainedCandidate extends CandidateTraining {
  readonly candidate: Candidate;
}

/** The shortlist trained with one setup, and the most accurate candidate within the constraints. */
export interface ShortlistTraining {
  /** Names in shortlist order (largest α, then most params). */
  readonly shortlist: readonly string[];
  readonly runs: readonly TrainedCandidate[];
  /** Highest int8 accuracy (float where there is no int8), then larger α, then more params. */
  readonly best?: TrainedCandidate;
}

/**
 * The `k` best candidates of a search to train, as the study's step 3 picks survivors: every distinct variation that
 * meets all constraints — those the result names (best per objective, the Pareto front) and any other evaluation of
 * the search given in `evaluated` — ordered by α, then params.
 */
export function shortlist(result: SearchResult, k: number, evaluated: Iterable<Candidate> = []): Candidate[] {
  if (!(Number.isInteger(k) && k >= 1)) throw new CnnAnalyzerError(`train-top: ${k} must be a whole number ≥ 1`, 'trainTop', k);
  const seen = new Map<string, Candidate>();
  for (const c of [result.best.alpha, result.best.params, result.best.latency, ...result.pareto, ...evaluated]) {
    if (c && c.violations.length === 0 && !seen.has(c.name)) seen.set(c.name, c);
  }
  return [...seen.values()].sort((a, b) => b.alpha - a.alpha || b.params - a.params || a.name.localeCompare(b.name)).slice(0, k);
}

/** The most accurate of trained candidates: int8 accuracy (float where absent), then α, then params. */
export function mostAccurate(runs: readonly TrainedCandidate[]): TrainedCandidate | undefined {
  const score = (r: TrainedCandidate): number => r.int8Accuracy ?? r.floatAccuracy;
  return [...runs].sort((a, b) => score(b) - score(a) || b.candidate.alpha - a.candidate.alpha || b.candidate.params - a.candidate.params)[0];
}

/**
 * Train the `k` best candidates of a search ({@link shortlist}) one after another with `train` (one setup for all: the caller's), and
 * pick the most accurate. Candidates come only from those within the constraints, so the best is too.
 */
export async function trainShortlist(result: SearchResult, k: number, train: (candidate: Candidate, index: number, total: number) => Promise<CandidateTraining>, evaluated: Iterable<Candidate> = []): Promise<ShortlistTraining> {
  const picked = shortlist(result, k, evaluated);
  const runs: TrainedCandidate[] = [];
  for (const [i, candidate] of picked.entries()) runs.push({ candidate, ...(await train(candidate, i, picked.length)) });
  const best = mostAccurate(runs);
  return { shortlist: picked.map((c) => c.name), runs, ...(best ? { best } : {}) };
}
