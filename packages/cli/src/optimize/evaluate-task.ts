import { evaluateVariation, type Evaluation, type SearchConstraints } from '@cnn-analyzer/optimizer';
import type { AnalysisReport } from '@cnn-analyzer/analysis';
import { requireArchitecture } from '../architectures.js';
import { calibratedDevice } from '../calibration-option.js';
import { loadPlugins } from '../plugins/load.js';
import { usePlugins } from '../plugins/registry.js';

/** A chunk of a search's batch for one worker thread. */
export interface EvaluateTask {
  readonly architecture: string;
  readonly factorSets: readonly Record<string, unknown>[];
  readonly constraints: SearchConstraints;
  /** Board and runtime of the latency estimate (the local calibration file applies, as in the main thread). */
  readonly target?: { readonly device: string; readonly runtime?: string };
  /** Also compute each variation's full analysis report (for the model database). */
  readonly withReports: boolean;
  /** The folder the CLI searched its plugin configuration from; the worker loads the same plugins. */
  readonly pluginCwd?: string;
}

/** One factor set's answer: its evaluation (and report), or null when the plugin rejects it. */
export type EvaluateAnswer = { readonly evaluation: Evaluation; readonly report?: AnalysisReport } | null;

/** Evaluate a chunk of factor sets in this thread (a worker's task, or the main thread's share of a batch). */
export function evaluateChunk(task: EvaluateTask): EvaluateAnswer[] {
  const arch = requireArchitecture(task.architecture);
  const device = task.target ? calibratedDevice(task.target.device, task.target.runtime).device : undefined;
  const target = { ...(device ? { device } : {}), ...(task.target?.runtime ? { runtime: task.target.runtime } : {}) };
  return task.factorSets.map((factors) => {
    try {
      const done = evaluateVariation(arch, factors, task.constraints, target);
      return task.withReports ? { evaluation: done.evaluation, report: done.report() } : { evaluation: done.evaluation };
    } catch {
      return null;
    }
  });
}

let plugins: { cwd: string | undefined; ready: Promise<void> } | undefined;

/** Search worker (a tinypool task): evaluates a chunk of factor sets. */
export default async function evaluateTask(task: EvaluateTask): Promise<EvaluateAnswer[]> {
  if (!plugins || plugins.cwd !== task.pluginCwd) {
    const cwd = task.pluginCwd;
    plugins = { cwd, ready: cwd === undefined ? Promise.resolve() : loadPlugins(cwd).then(usePlugins) };
  }
  await plugins.ready;
  return evaluateChunk(task);
}
