import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { JOB_KINDS, queueName, type JobKind } from './job-kinds.js';
import { QueueError } from './queue-error.js';
import { parseQueueUrl, redactQueueUrl } from './queue-url.js';

/** How a job is retried. */
export interface RetryOptions {
  /** Tries in all (the first and the retries). @default 3 */
  readonly attempts?: number;
  /** First retry delay, doubled at each retry, ms. @default 2000 */
  readonly backoffMs?: number;
}

/** A job to add: its id ({@link jobId}), a short name for listings, and its data (JSON). */
export interface NewJob<D> {
  readonly id: string;
  readonly name: string;
  readonly data: D;
}

/** Where a job is: waiting (or delayed for a retry), running, done, failed after its last try, or not in Redis. */
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'unknown';

/** One job as `cnn-analyzer jobs` lists it. */
export interface JobRow {
  readonly kind: JobKind;
  readonly id: string;
  readonly name: string;
  readonly state: JobState;
  readonly attempts: number;
  readonly progress: unknown;
  /** Why its last try failed. */
  readonly error?: string;
  readonly result?: unknown;
  /** Epoch ms. */
  readonly addedAt: number;
  readonly finishedAt?: number;
}

const STATE: Record<string, JobState> = {
  waiting: 'queued', delayed: 'queued', prioritized: 'queued', paused: 'queued', 'waiting-children': 'queued', wait: 'queued',
  active: 'running', completed: 'done', failed: 'failed', unknown: 'unknown',
};

/** BullMQ's connection options for a queue URL; `null` retries make commands wait through a Redis restart. */
export function connectionOf(url: string): ConnectionOptions {
  const l = parseQueueUrl(url);
  return { host: l.host, port: l.port, db: l.db, ...(l.username ? { username: l.username } : {}), ...(l.password ? { password: l.password } : {}), ...(l.tls ? { tls: l.tls } : {}), maxRetriesPerRequest: null };
}

/** The queues of one Redis: add jobs, read their states, list them. */
export interface JobQueues {
  add<D>(kind: JobKind, jobs: readonly NewJob<D>[], retry?: RetryOptions): Promise<void>;
  /** The state of each id (`unknown` for one Redis does not hold: never added, or lost with a restart). */
  states(kind: JobKind, ids: readonly string[]): Promise<Map<string, JobState>>;
  /** Put the jobs among `ids` that failed (after their last try) back on the queue for new tries; returns how many. */
  retryFailed(kind: JobKind, ids: readonly string[]): Promise<number>;
  /** One job with its progress, result and error, or undefined. */
  get(kind: JobKind, id: string): Promise<JobRow | undefined>;
  /** Jobs of every kind, newest first, at most `limit` per state. */
  list(limit?: number): Promise<JobRow[]>;
  close(): Promise<void>;
}

/**
 * Open the queues at `url` (`redis://host:port`), failing with a message naming the URL when Redis does not answer
 * within `timeoutMs`.
 */
export async function openJobQueues(url: string, options: { timeoutMs?: number } = {}): Promise<JobQueues> {
  const connection = connectionOf(url);
  const queues = new Map(JOB_KINDS.map((k) => [k, new Queue(queueName(k), { connection })]));
  for (const q of queues.values()) q.on('error', () => {}); // reconnects by itself; calls wait meanwhile
  const q = (kind: JobKind): Queue => queues.get(kind)!;
  const closeAll = async (): Promise<void> => void (await Promise.all([...queues.values()].map((x) => x.close())));
  const timeoutMs = options.timeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  const ready = await Promise.race([
    (async () => {
      await q('analyze').getJobCounts('waiting');
      return true;
    })(),
    new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs))),
  ]).catch(() => false);
  clearTimeout(timer);
  if (!ready) {
    await Promise.race([closeAll(), new Promise((r) => setTimeout(r, 1000))]);
    throw new QueueError(`--queue: no Redis answers at ${redactQueueUrl(url)} (within ${timeoutMs / 1000} s)`, 'queue', redactQueueUrl(url));
  }
  const row = async (kind: JobKind, id: string, state?: string): Promise<JobRow | undefined> => {
    const job = await q(kind).getJob(id);
    if (!job) return undefined;
    const s = STATE[state ?? (await job.getState())] ?? 'queued';
    return {
      kind, id, name: job.name, state: s, attempts: job.attemptsMade, progress: job.progress, addedAt: job.timestamp,
      ...(job.failedReason ? { error: job.failedReason } : {}),
      ...(s === 'done' ? { result: job.returnvalue as unknown } : {}),
      ...(job.finishedOn ? { finishedAt: job.finishedOn } : {}),
    };
  };
  return {
    async add(kind, jobs, retry = {}) {
      const opts: JobsOptions = { attempts: retry.attempts ?? 3, backoff: { type: 'exponential', delay: retry.backoffMs ?? 2000 }, removeOnComplete: false, removeOnFail: false };
      for (let i = 0; i < jobs.length; i += 500) {
        await q(kind).addBulk(jobs.slice(i, i + 500).map((j) => ({ name: j.name, data: j.data, opts: { ...opts, jobId: j.id } })));
      }
    },
    async states(kind, ids) {
      const states = await Promise.all(ids.map((id) => q(kind).getJobState(id)));
      return new Map(ids.map((id, i) => [id, STATE[states[i]!] ?? 'queued']));
    },
    async retryFailed(kind, ids) {
      const states = await Promise.all(ids.map((id) => q(kind).getJobState(id)));
      const failed = ids.filter((_, i) => states[i] === 'failed');
      for (const id of failed) await (await q(kind).getJob(id))?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return failed.length;
    },
    get: (kind, id) => row(kind, id),
    async list(limit = 200) {
      const rows: JobRow[] = [];
      for (const kind of JOB_KINDS) {
        for (const state of ['active', 'waiting', 'prioritized', 'delayed', 'paused', 'completed', 'failed'] as const) {
          const jobs = await q(kind).getJobs([state], 0, limit - 1, false);
          for (const job of jobs) {
            if (!job?.id) continue;
            const s = STATE[state]!;
            rows.push({
              kind, id: job.id, name: job.name, state: s, attempts: job.attemptsMade, progress: job.progress, addedAt: job.timestamp,
              ...(job.failedReason ? { error: job.failedReason } : {}),
              ...(job.finishedOn ? { finishedAt: job.finishedOn } : {}),
            });
          }
        }
      }
      return rows.sort((a, b) => b.addedAt - a.addedAt || a.id.localeCompare(b.id));
    },
    close: closeAll,
  };
}
