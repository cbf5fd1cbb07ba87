import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyArchitecture } from '@cnn-analyzer/arch-spec';
import { mobilenetV1 } from '@cnn-analyzer/arch-mobilenet-v1';
import { enqueueSweep, parseAxes, runSweep } from '@cnn-analyzer/cli';
import { startRedis, waitFor } from '../../vitest-setup/servers.js';
import type { BenchResult } from './measure.js';

/** 8 widths × 5 loop lengths × 2 class counts = 80 distinct MobileNet v1 variations at 96×96. */
const GRID = ['--alpha', '0.1..0.45:0.05', '--loop-length', '1..5', '--classes', '2..3'];
const bin = fileURLToPath(new URL('../../../packages/cli/bin/cnn-analyzer.js', import.meta.url));

/** Start `n` worker processes (one analysis at a time each) and wait until each takes jobs. */
async function workers(n: number, queue: string, db: string): Promise<ChildProcess[]> {
  const started = Array.from({ length: n }, () => {
    const c = spawn(process.execPath, [bin, 'worker', '--queue', queue, '--db', db, '--concurrency', '1', '--kinds', 'analyze'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    return { c, ready: () => /worker on redis:/.test(err) };
  });
  await waitFor('the bench workers', () => started.every((s) => s.ready()), 120_000);
  return started.map((s) => s.c);
}

/**
 * Sweep throughput through the job queue (real redis-server on loopback) with 1, 2 and 4 local worker processes,
 * against the in-process sweep on 1 and 2 threads, and the queue's overhead per job (queue with one worker minus the
 * in-process sweep on one thread, per variation). Worker start-up is outside the timings.
 */
export async function queueBench(): Promise<BenchResult[]> {
  const redis = await startRedis();
  if (!redis) return [{ bench: 'queue', figure: 'skipped: redis-server not installed', value: 0, unit: '' }];
  const arch: AnyArchitecture = mobilenetV1;
  const definition = { architecture: arch, axes: parseAxes(arch, GRID), constraints: { maxFlashBytes: 250 * 1024, maxRamBytes: 250 * 1024 } };
  const dir = mkdtempSync(join(tmpdir(), 'queue-bench-'));
  const rows: BenchResult[] = [];
  try {
    const inProcess: Record<number, { perSecond: number; ms: number; total: number }> = {};
    for (const threads of [1, 2]) {
      const t = performance.now();
      const s = await runSweep(definition, { dbPath: join(dir, `in-${threads}.db`), workers: threads });
      const ms = performance.now() - t;
      inProcess[threads] = { perSecond: s.total / (ms / 1000), ms, total: s.total };
      rows.push({ bench: 'queue', figure: `${s.total} variations, in-process, ${threads} thread${threads > 1 ? 's' : ''}`, value: inProcess[threads].perSecond, unit: 'variations/s', note: `${(ms / 1000).toFixed(1)} s` });
    }
    let oneWorkerMs = 0;
    for (const [i, n] of [1, 2, 4].entries()) {
      const queue = `${redis.url}/${i + 1}`;
      const db = join(dir, `queue-${n}.db`);
      const procs = await workers(n, queue, db);
      try {
        const t = performance.now();
        const s = await enqueueSweep(definition, { queue, db });
        const ms = performance.now() - t;
        if (!s.complete) throw new Error(`queue bench: sweep with ${n} workers incomplete (${s.recorded}/${s.total})`);
        if (n === 1) oneWorkerMs = ms;
        rows.push({ bench: 'queue', figure: `${s.total} variations, queue, ${n} worker${n > 1 ? 's' : ''}`, value: s.total / (ms / 1000), unit: 'variations/s', note: `${(inProcess[1]!.ms / ms).toFixed(2)}× in-process 1 thread, ${(ms / 1000).toFixed(1)} s` });
      } finally {
        for (const p of procs) p.kill('SIGKILL');
      }
    }
    const total = inProcess[1]!.total;
    rows.push({ bench: 'queue', figure: 'queue overhead per job (1 worker vs 1 thread)', value: (oneWorkerMs - inProcess[1]!.ms) / total, unit: 'ms/job', note: `${(inProcess[1]!.ms / total).toFixed(1)} ms of analysis per variation` });
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
