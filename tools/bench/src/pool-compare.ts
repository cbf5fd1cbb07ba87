import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Tinypool from 'tinypool';
import type { GridPoint } from '@cnn-analyzer/cli';

/** The built sweep worker: a module whose default export analyzes one `{ architecture, point }` task. */
export const SWEEP_WORKER = new URL('../../../packages/cli/dist/sweep-worker.js', import.meta.url);

type Task = { readonly architecture: string; readonly point: GridPoint };

/**
 * Analyze `points` on `threads` threads the way the sweep did before it used tinypool: one raw worker_thread per
 * lane, fed a point per message (the worker module wrapped by a small message loop). Returns points/s.
 */
export async function handWrittenPool(architecture: string, points: readonly GridPoint[], threads: number): Promise<number> {
  const adapter = `const { parentPort, workerData } = require('node:worker_threads');
import(workerData.url).then((m) => parentPort.on('message', async (t) => parentPort.postMessage(await m.default(t))));`;
  let next = 0;
  const start = performance.now();
  const lane = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(adapter, { eval: true, workerData: { url: SWEEP_WORKER.href } });
      const feed = (): void => {
        if (next < points.length) worker.postMessage({ architecture, point: points[next++]! } satisfies Task);
        else void worker.terminate().then(() => resolve());
      };
      worker.on('message', feed);
      worker.on('error', reject);
      feed();
    });
  await Promise.all(Array.from({ length: threads }, lane));
  return points.length / ((performance.now() - start) / 1000);
}

/** The same work on a tinypool pool, one task in flight per thread, as the sweep's `runPool` does. Returns points/s. */
export async function tinypoolPool(architecture: string, points: readonly GridPoint[], threads: number): Promise<number> {
  const pool = new Tinypool({ filename: SWEEP_WORKER.href, minThreads: threads, maxThreads: threads });
  let next = 0;
  const start = performance.now();
  const lane = async (): Promise<void> => {
    while (next < points.length) await pool.run({ architecture, point: points[next++]! } satisfies Task);
  };
  try {
    await Promise.all(Array.from({ length: threads }, lane));
  } finally {
    await pool.destroy();
  }
  return points.length / ((performance.now() - start) / 1000);
}

/** Whether the CLI is built (the comparison needs its worker module). */
export const workerBuilt = (): boolean => existsSync(fileURLToPath(SWEEP_WORKER));
