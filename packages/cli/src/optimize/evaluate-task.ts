import { evaluateVariation, type Evaluation, type SearchConstraints } from '@cnn-analyzer/optimizer';
import type { AnalysisReport } from '@cnn-analyzer/analysis';
import type { Architecture } from '@cnn-analyzer/arch-spec';
import type { Device } from '@cnn-analyzer/device';
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

/** The architecture and board of a task's setup, resolved once per worker (the board's calibration file is read once). */
const setups = new Map<string, { arch: Architecture; target: { device?: Device; runtime?: string } }>();

/** Evaluate a worker's chunk of factor sets; reports computed here when asked (they cross back to the search's thread). */
function evaluateChunk(task: EvaluateTask): EvaluateAnswer[] {
  const key = JSON.stringify([task.pluginCwd ?? null, task.architecture, task.target ?? null]);
  let setup = setups.get(key);
  if (!setup) {
    const device = task.target ? calibratedDevice(task.target.device, task.target.runtime).device : undefined;
    setup = { arch: requireArchitecture(task.architecture), target: { ...(device ? { device } : {}), ...(task.target?.runtime ? { runtime: task.target.runtime } : {}) } };
    setups.set(key, setup);
  }
  return task.factorSets.map((factors) => {
    try {
      const done = evaluateVariation(setup.arch, factors, task.constraints, setup.target);
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
