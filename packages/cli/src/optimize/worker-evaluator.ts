import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import { inThreadEvaluator, type EvaluatedVariation, type SearchConstraints, type VariationEvaluator } from '@cnn-analyzer/optimizer';
import { requireArchitecture } from '../architectures.js';
import { calibratedDevice } from '../calibration-option.js';
import { activePlugins } from '../plugins/registry.js';
import type { EvaluateAnswer, EvaluateTask } from './evaluate-task.js';

/** Variations per task a thread takes at a time. */
const CHUNK = 8;
/** Tasks each worker thread has in hand (one running, one queued), so it never waits for this thread. */
const IN_FLIGHT = 2;

/** What the search evaluates against, by name, so worker threads can rebuild it. */
export interface EvaluatorSpec {
  readonly architecture: string;
  readonly constraints: SearchConstraints;
  readonly target?: { readonly device: string; readonly runtime?: string };
  /** Every evaluation also carries its full report (the model database records it). */
  readonly withReports: boolean;
  /** Threads that evaluate, this one included (1: this thread alone). */
  readonly threads: number;
}

/** The built worker script: beside this module in dist/, or the package's dist/ when running from src/. */
function workerScript(): URL {
  for (const candidate of ['./optimize-worker.js', '../../dist/optimize-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new CnnAnalyzerError('optimize --workers needs the built CLI: run `npm run build` at the repository root', 'workers', undefined);
}

/**
 * The search's evaluator on `threads` threads: a batch is split into small chunks that this thread and tinypool
 * worker threads take in turn; a single variation is evaluated here. Workers only
 * compute; the search (and the database) stay in this thread. `close` stops the workers.
 */
export function workerEvaluator(spec: EvaluatorSpec): { readonly evaluate: VariationEvaluator; close(): Promise<void> } {
  const arch = requireArchitecture(spec.architecture);
  const device = spec.target ? calibratedDevice(spec.target.device, spec.target.runtime).device : undefined;
  const target = { ...(device ? { device } : {}), ...(spec.target?.runtime ? { runtime: spec.target.runtime } : {}) };
  const extra = Math.max(0, spec.threads - 1);
  const pool = extra > 0 ? new Tinypool({ filename: workerScript().href, minThreads: extra, maxThreads: extra, idleTimeout: 1000 }) : undefined;
  const cwd = activePlugins().cwd;
  const taskOf = (factorSets: readonly Record<string, unknown>[]): EvaluateTask => ({
    architecture: spec.architecture,
    factorSets,
    constraints: spec.constraints,
    ...(spec.target ? { target: spec.target } : {}),
    withReports: spec.withReports,
    ...(cwd ? { pluginCwd: cwd } : {}),
  });
  const here = inThreadEvaluator(arch, spec.constraints, target);
  const answer = (a: EvaluateAnswer): EvaluatedVariation | undefined => (a ? { evaluation: a.evaluation, report: () => a.report! } : undefined);
  const evaluate: VariationEvaluator = async (sets) => {
    if (!pool || sets.length === 1) return here(sets);
    // small chunks pulled by every thread: each worker has the next queued when it finishes one; this thread evaluates
    // one between handing them out, so a slower thread takes fewer
    const chunks: (readonly Record<string, unknown>[])[] = [];
    for (let i = 0; i < sets.length; i += CHUNK) chunks.push(sets.slice(i, i + CHUNK));
    const answers: (readonly (EvaluatedVariation | undefined)[])[] = new Array(chunks.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) {
        const at = next++;
        answers[at] = ((await pool.run(taskOf(chunks[at]!))) as EvaluateAnswer[]).map(answer);
      }
    };
    const local = async (): Promise<void> => {
      while (next < chunks.length) {
        const at = next++;
        answers[at] = await here(chunks[at]!);
        await new Promise<void>((r) => setImmediate(r)); // let finished workers take their next chunk
      }
    };
    await Promise.all([...Array.from({ length: extra * IN_FLIGHT }, worker), local()]);
    return answers.flat();
  };
  return { evaluate, close: async () => void (await pool?.destroy()) };
}
