import { openJobQueues, watchJobs, type JobRow } from '@cnn-analyzer/job-queue';
import type { TrainJobData, TrainJobSummary } from './train-jobs.js';
import { trainJob } from './train-jobs.js';

/** What `train --queue` did: the job, and its summary once done (or its error). */
export interface QueuedTraining {
  readonly job: string;
  readonly state: 'queued' | 'done' | 'failed';
  readonly result?: TrainJobSummary;
  readonly error?: string;
}

/** Enqueue a training job (a second enqueue of the same training is the same job) and, unless detached, follow it. */
export async function enqueueTraining(data: TrainJobData, o: { queue: string; detach?: boolean; onProgress?: (p: Record<string, unknown>) => void; stopped?: () => boolean }): Promise<QueuedTraining> {
  const job = trainJob(data);
  const queues = await openJobQueues(o.queue);
  try {
    await queues.add('train', [job]);
    await queues.retryFailed('train', [job.id]); // enqueued again: a failed training gets new tries (from its last checkpoint)
    if (o.detach) return { job: job.id, state: 'queued' };
    let last = '';
    let finished: JobRow | undefined;
    const seen = (row: JobRow): void => {
      const key = JSON.stringify(row.progress);
      if (key !== last && row.progress && typeof row.progress === 'object') o.onProgress?.(row.progress as Record<string, unknown>);
      last = key;
    };
    await watchJobs(queues, 'train', [job], { intervalMs: 500, onRunning: seen, onFinished: (row) => void (finished = row), ...(o.stopped ? { stopped: o.stopped } : {}) });
    if (!finished) return { job: job.id, state: 'queued' };
    const row: JobRow = finished;
    return row.state === 'done' ? { job: job.id, state: 'done', result: row.result as TrainJobSummary } : { job: job.id, state: 'failed', error: row.error ?? 'failed' };
  } finally {
    await queues.close();
  }
}
