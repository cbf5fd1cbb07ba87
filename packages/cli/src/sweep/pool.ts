import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import type { AnalysisTarget } from './analyze-point.js';
import { analyzePoint, type PointResult } from './analyze-point.js';
import type { GridPoint } from './grid.js';

/** The built worker script: beside this module in dist/, or the package's dist/ when running from src/. */
function workerScript(): URL {
  for (const candidate of ['./sweep-worker.js', '../../dist/sweep-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new CnnAnalyzerError('sweep workers need the built CLI: run `npm run build` at the repository root', 'workers', undefined);
}

/** Work shared by the pool's runners. */
interface Job {
  readonly architecture: string;
  readonly target?: AnalysisTarget;
  readonly points: readonly GridPoint[];
  /** Called in the main thread for each result, in completion order; a throw stops the pool. */
  readonly onResult: (r: PointResult) => void;
  /** Polled before each point is handed out; true stops handing out more. */
  readonly stopped: () => boolean;
}

/** Analyze every point on `threads` worker threads (0: in this thread, yielding between points). */
export async function runPool(job: Job, threads: number): Promise<void> {
  if (job.points.length === 0) return;
  if (threads <= 0) return runInline(job);
  const script = workerScript();
  let next = 0;
  const take = (): GridPoint | null => (!job.stopped() && next < job.points.length ? job.points[next++]! : null);
  const one = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(script, { workerData: { architecture: job.architecture, target: job.target } });
      let finished = false;
      const end = (error?: unknown): void => {
        if (finished) return;
        finished = true;
        void worker.terminate();
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve();
      };
      const feed = (): void => {
        const point = take();
        if (point) worker.postMessage(point);
        else end();
      };
      worker.on('message', (r: PointResult) => {
        try {
          job.onResult(r);
        } catch (e) {
          end(e);
          return;
        }
        feed();
      });
      worker.on('error', end);
      worker.on('exit', (code) => end(code === 0 ? undefined : new Error(`sweep worker exited with code ${code}`)));
      feed();
    });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(threads, job.points.length)) }, one));
}

async function runInline(job: Job): Promise<void> {
  for (const point of job.points) {
    if (job.stopped()) return;
    job.onResult(analyzePoint(job.architecture, point, job.target));
    await new Promise((r) => setImmediate(r));
  }
}
