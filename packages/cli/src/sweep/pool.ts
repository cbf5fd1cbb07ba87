import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import type { AnalysisTarget } from './analyze-point.js';
import { analyzePoint, type PointResult } from './analyze-point.js';
import type { GridPoint } from './grid.js';
import type { PointTask } from './worker.js';

/** The built worker script: beside this module in dist/, or the package's dist/ when running from src/. */
export function workerScript(): URL {
  for (const candidate of ['./sweep-worker.js', '../../dist/sweep-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new CnnAnalyzerError('sweep workers need the built CLI: run `npm run build` at the repository root', 'workers', undefined);
}

/** Work shared by the pool's threads. */
interface Job {
  readonly architecture: string;
  readonly target?: AnalysisTarget;
  /** Where the run's plugin configuration was searched from; the workers load the same plugins. */
  readonly pluginCwd?: string;
  readonly points: readonly GridPoint[];
  /** Called in the main thread for each result, in completion order; a throw stops the pool. */
  readonly onResult: (r: PointResult) => void;
  /** Polled before each point is handed out; true stops handing out more. */
  readonly stopped: () => boolean;
}

/**
 * Analyze every point on `threads` worker threads of a tinypool pool (0: in this thread, yielding between
 * points). Workers only compute; results come back to the main thread, which alone writes. At most one point
 * per thread is in flight, so stopping hands out nothing more and a failing `onResult` loses no finished work.
 */
export async function runPool(job: Job, threads: number): Promise<void> {
  if (job.points.length === 0) return;
  if (threads <= 0) return runInline(job);
  const size = Math.max(1, Math.min(threads, job.points.length));
  const pool = new Tinypool({ filename: workerScript().href, minThreads: size, maxThreads: size, idleTimeout: 1000 });
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && !job.stopped() && next < job.points.length) {
      const point = job.points[next++]!;
      const task: PointTask = { architecture: job.architecture, point, ...(job.target ? { target: job.target } : {}), ...(job.pluginCwd ? { pluginCwd: job.pluginCwd } : {}) };
      const result = (await pool.run(task)) as PointResult;
      if (failed) return;
      try {
        job.onResult(result);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: size }, lane));
  } finally {
    await pool.destroy();
  }
}

async function runInline(job: Job): Promise<void> {
  for (const point of job.points) {
    if (job.stopped()) return;
    job.onResult(analyzePoint(job.architecture, point, job.target));
    await new Promise((r) => setImmediate(r));
  }
}
