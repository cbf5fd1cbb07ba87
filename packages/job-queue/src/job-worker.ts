import { Worker, type Job } from 'bullmq';
import { queueName, type JobKind } from './job-kinds.js';
import { connectionOf } from './job-queue.js';

/** What a processor gets besides the job's data. */
export interface JobContext {
  readonly id: string;
  readonly name: string;
  /** This try, from 1. */
  readonly attempt: number;
  /** Stream progress back to whoever enqueued the job (JSON). */
  progress(value: Record<string, unknown> | number): Promise<void>;
}

/** Runs one job; its resolved value is the job's result (JSON), a throw is a failed try (retried with backoff). */
export type JobProcessor<D, R> = (data: D, ctx: JobContext) => Promise<R>;

/** How a worker takes jobs. */
export interface WorkerOptions {
  /** Jobs of this kind at once. @default 1 */
  readonly concurrency?: number;
  /**
   * How long a job's lock lasts without renewal (renewed at half of it while the job runs), ms. A worker killed
   * mid-job leaves its job to another worker this long after. @default 30000
   */
  readonly lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died, ms. @default lockDurationMs */
  readonly stalledIntervalMs?: number;
  /** Times a job may be taken back from a dead worker before it fails. @default 5 */
  readonly maxStalled?: number;
  /** Called when a try fails (the error message). */
  readonly onFailed?: (name: string, error: string, attempt: number) => void;
  readonly onCompleted?: (name: string) => void;
}

/** A running worker of one kind. */
export interface RunningWorker {
  /** Stop taking jobs, wait for the running ones, disconnect. */
  close(): Promise<void>;
}

/** Take jobs of `kind` from the queues at `url` and run them with `processor`. */
export function startJobWorker<D, R>(url: string, kind: JobKind, processor: JobProcessor<D, R>, options: WorkerOptions = {}): RunningWorker {
  const lock = options.lockDurationMs ?? 30_000;
  const worker = new Worker<D, R>(
    queueName(kind),
    (job: Job<D, R>) =>
      processor(job.data, { id: job.id!, name: job.name, attempt: job.attemptsMade + 1, progress: (v) => job.updateProgress(v) }),
    {
      connection: connectionOf(url),
      concurrency: options.concurrency ?? 1,
      lockDuration: lock,
      stalledInterval: options.stalledIntervalMs ?? lock,
      maxStalledCount: options.maxStalled ?? 5,
      autorun: true,
    },
  );
  worker.on('error', () => {}); // connection loss: the worker reconnects by itself
  worker.on('failed', (job, err) => job && options.onFailed?.(job.name, err.message, job.attemptsMade));
  worker.on('completed', (job) => options.onCompleted?.(job.name));
  return { close: () => worker.close() };
}
