import { openJobQueues, watchJobs } from '@cnn-analyzer/job-queue';
import { openModelStore } from '@cnn-analyzer/model-db';
import { expandGrid } from '../sweep/grid.js';
import type { SweepProgress } from '../sweep/progress.js';
import { sweepId, sweepSpec, type SweepDefinition } from '../sweep/run-sweep.js';
import { analyzeJobs } from './analyze-jobs.js';

/** What `sweep --queue` did. */
export interface QueuedSweepSummary {
  readonly id: string;
  readonly architecture: string;
  readonly total: number;
  readonly invalid: number;
  readonly firstInvalid?: string;
  /** Jobs handed to the queue (the same ids as before when the sweep was enqueued already: no duplicates). */
  readonly queued: number;
  readonly detached: boolean;
  /** Jobs done and failed (after their retries), with the failures' errors; absent when detached. */
  readonly done?: number;
  readonly failed?: readonly { readonly name: string; readonly error: string }[];
  /** Jobs added again after Redis lost them. */
  readonly readded?: number;
  /** Items of the sweep in the database read after the run (`--db`), and those within the constraints. */
  readonly recorded?: number;
  readonly passing?: readonly string[];
  readonly complete: boolean;
}

/** How to enqueue a sweep. */
export interface EnqueueSweepOptions {
  readonly queue: string;
  /** Where the summary is read from after the jobs finish (the workers' `--db`). */
  readonly db: string;
  readonly detach?: boolean;
  readonly onProgress?: (p: SweepProgress) => void;
  readonly stopped?: () => boolean;
  /** How often the jobs' states are read, ms. @default 250 */
  readonly pollMs?: number;
}

/**
 * Put every variation of the sweep on the queue (one job each, id keyed by sweep and variation), then, unless
 * detached, follow the jobs until each is done or failed and read the sweep's rows back from the database.
 */
export async function enqueueSweep(d: SweepDefinition, o: EnqueueSweepOptions): Promise<QueuedSweepSummary> {
  const grid = expandGrid(d.architecture, d.axes);
  const id = sweepId(d);
  const sweep = { id, architecture: d.architecture.name, spec: sweepSpec(d), total: grid.points.length };
  const jobs = analyzeJobs(sweep, grid.points, d.constraints, d.target);
  const base = { id, architecture: d.architecture.name, total: grid.points.length, invalid: grid.invalid.length, ...(grid.invalid[0] ? { firstInvalid: grid.invalid[0].reason } : {}), queued: jobs.length };
  const queues = await openJobQueues(o.queue);
  const started = performance.now();
  try {
    await queues.add('analyze', jobs);
    await queues.retryFailed('analyze', jobs.map((j) => j.id)); // enqueued again: a failed job gets new tries
    if (o.detach) return { ...base, detached: true, complete: false };
    const failed: { name: string; error: string }[] = [];
    const counts = { pass: 0, reject: 0, error: 0 };
    let readded = 0;
    const final = await watchJobs(queues, 'analyze', jobs, {
      ...(o.stopped ? { stopped: o.stopped } : {}),
      intervalMs: o.pollMs ?? 250,
      onFinished: (row) => {
        if (row.state === 'failed') failed.push({ name: row.name, error: row.error ?? 'failed' });
        else {
          const status = (row.result as { status?: string } | undefined)?.status;
          if (status === 'pass' || status === 'reject' || status === 'error') counts[status]++;
        }
      },
      onUpdate: (u) => {
        readded = u.readded;
        o.onProgress?.({ total: u.total, resumed: 0, pass: counts.pass, reject: counts.reject, error: counts.error + u.failed, elapsedMs: performance.now() - started });
      },
    });
    const store = await openModelStore(o.db);
    try {
      const items = await store.sweepItems(id);
      const complete = items.length === grid.points.length;
      if (complete) await store.finishSweep(id);
      return {
        ...base, detached: false, done: [...final.values()].filter((s) => s === 'done').length, failed, readded,
        recorded: items.length, passing: items.filter((i) => i.status === 'pass').map((i) => i.name), complete,
      };
    } finally {
      await store.close();
    }
  } finally {
    await queues.close();
  }
}
