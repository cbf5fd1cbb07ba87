import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { startRedis, type RedisServer } from '../../../tools/vitest-setup/servers.js';
import { jobId } from './job-kinds.js';
import { openJobQueues, type JobRow } from './job-queue.js';
import { startJobWorker } from './job-worker.js';
import { watchJobs } from './watch-jobs.js';

let redis: RedisServer | undefined;
beforeAll(async () => void (redis = await startRedis()), 60_000);
afterAll(async () => void (await redis?.stop()));

describe.skipIf(!existsSync('/usr/bin/redis-server'))('the queue on a real Redis', () => {
  it('runs every job once, however often it is added, and reads states in batches', async () => {
    const url = `${redis!.url}/1`;
    const calls = new Map<number, number>();
    const worker = startJobWorker<{ n: number }, { square: number }>(url, 'analyze', async ({ n }, ctx) => {
      calls.set(n, (calls.get(n) ?? 0) + 1);
      await ctx.progress({ n });
      return { square: n * n };
    }, { concurrency: 4 });
    const queues = await openJobQueues(url);
    try {
      const jobs = Array.from({ length: 30 }, (_, n) => ({ id: jobId('analyze', { n }), name: `n${n}`, data: { n } }));
      await queues.add('analyze', jobs);
      await queues.add('analyze', jobs.slice(0, 10)); // the same ids: ignored
      const finished: JobRow[] = [];
      const states = await watchJobs(queues, 'analyze', jobs, { intervalMs: 50, batch: 7, onFinished: (r) => finished.push(r) });
      expect([...states.values()]).toEqual(Array(30).fill('done'));
      expect(finished.map((r) => (r.result as { square: number }).square).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, n) => n * n));
      await queues.add('analyze', jobs); // done jobs are kept: adding them again runs nothing
      await watchJobs(queues, 'analyze', jobs, { intervalMs: 50 });
      expect([...calls.values()]).toEqual(Array(30).fill(1));
      expect((await queues.get('analyze', jobs[3]!.id))?.progress).toEqual({ n: 3 });
    } finally {
      await queues.close();
      await worker.close();
    }
  }, 120_000);

  it('retries a failing job with backoff, then lists it failed with the error', async () => {
    const url = `${redis!.url}/2`;
    let tries = 0;
    const worker = startJobWorker(url, 'train', async () => {
      tries++;
      throw new Error(`disk full (try ${tries})`);
    });
    const queues = await openJobQueues(url);
    try {
      const job = { id: jobId('train', { x: 1 }), name: 'x', data: {} };
      await queues.add('train', [job], { attempts: 3, backoffMs: 100 });
      const states = await watchJobs(queues, 'train', [job], { intervalMs: 50 });
      expect(states.get(job.id)).toBe('failed');
      expect(tries).toBe(3);
      const [row] = (await queues.list()).filter((r) => r.kind === 'train');
      expect(row).toMatchObject({ state: 'failed', attempts: 3, error: 'disk full (try 3)' });
      expect(await queues.retryFailed('train', [job.id])).toBe(1); // enqueued again: three new tries
      await watchJobs(queues, 'train', [job], { intervalMs: 50 });
      expect(tries).toBe(6);
    } finally {
      await queues.close();
      await worker.close();
    }
  }, 120_000);
});
