import type { AnalysisTarget } from './analyze-point.js';
import { loadPlugins } from '../plugins/load.js';
import { usePlugins } from '../plugins/registry.js';
import { analyzePoint, type PointResult } from './analyze-point.js';
import type { GridPoint } from './grid.js';

/** One task of the sweep pool: a grid point and where the run's plugins are configured. */
export interface PointTask {
  readonly architecture: string;
  readonly point: GridPoint;
  readonly target?: AnalysisTarget;
  /** The folder the CLI searched its plugin configuration from; the worker loads the same plugins. */
  readonly pluginCwd?: string;
}

let plugins: { cwd: string | undefined; ready: Promise<void> } | undefined;

/** Sweep worker (a tinypool task): analyzes one grid point and returns the result; never throws for a bad point. */
export default async function analyzeTask(task: PointTask): Promise<PointResult> {
  if (!plugins || plugins.cwd !== task.pluginCwd) {
    const cwd = task.pluginCwd;
    plugins = { cwd, ready: cwd === undefined ? Promise.resolve() : loadPlugins(cwd).then(usePlugins) };
  }
  await plugins.ready;
  return analyzePoint(task.architecture, task.point, task.target);
}
