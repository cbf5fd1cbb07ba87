import type { JobKind } from './job-kinds.js';
import type { JobQueues, JobRow, JobState, NewJob, RetryOptions } from './job-queue.js';

/** Where the watched jobs are. */
export interface WatchUpdate {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly running: number;
  /** Jobs added again because Redis had lost them (a restart without persistence). */
  readonly readded: number;
}

/** How to watch. */
export interface WatchOptions<D> {
  readonly retry?: RetryOptions;
  /** Poll period, ms. @default 250 */
  readonly intervalMs?: number;
  /** States read per poll at most (the open jobs taken in turn), so a sweep of many thousand jobs stays cheap. @default 500 */
  readonly batch?: number;
  readonly onUpdate?: (u: WatchUpdate) => void;
  /** Called with each running job's row at every poll (its progress): for few jobs, such as training. */
  readonly onRunning?: (row: JobRow) => void;
  /** Called once for each job that reached `done` or `failed`, with its row. */
  readonly onFinished?: (row: JobRow) => void;
  /** Polled: true ends the watch early (the jobs go on). */
  readonly stopped?: () => boolean;
  /** Jobs to add again when Redis lost them. @default the watched jobs themselves */
  readonly jobs?: readonly NewJob<D>[];
}

/**
 * Wait until every job is done or failed, by polling their states (so a Redis restart, which loses events, loses
 * nothing here). A job Redis no longer holds and that was not seen finished is added again under its id: the
 * workers' results are idempotent, so at worst it runs twice and records once.
 */
export async function watchJobs<D>(queues: JobQueues, kind: JobKind, jobs: readonly NewJob<D>[], options: WatchOptions<D> = {}): Promise<Map<string, JobState>> {
  const final = new Map<string, JobState>();
  const byId = new Map(jobs.map((j) => [j.id, j]));
  let readded = 0;
  const interval = options.intervalMs ?? 250;
  const batch = options.batch ?? 500;
  let turn = 0;
  for (;;) {
    const all = jobs.filter((j) => !final.has(j.id)).map((j) => j.id);
    turn = all.length > 0 ? turn % all.length : 0;
    const open = all.length <= batch ? all : [...all.slice(turn), ...all.slice(0, turn)].slice(0, batch);
    turn += batch;
    let running = 0; // among the jobs read in this poll
    if (open.length > 0) {
      const states = await queues.states(kind, open);
      const lost: NewJob<D>[] = [];
      for (const [id, state] of states) {
        if (state === 'done' || state === 'failed') {
          final.set(id, state);
          if (options.onFinished) {
            const row = await queues.get(kind, id);
            if (row) options.onFinished(row);
          }
        } else if (state === 'unknown') lost.push(byId.get(id)!);
        else if (state === 'running') {
          running++;
          if (options.onRunning) {
            const row = await queues.get(kind, id);
            if (row) options.onRunning(row);
          }
        }
      }
      if (lost.length > 0) {
        await queues.add(kind, lost, options.retry);
        readded += lost.length;
      }
    }
    const count = (s: JobState): number => [...final.values()].filter((v) => v === s).length;
    options.onUpdate?.({ total: jobs.length, done: count('done'), failed: count('failed'), running, readded });
    if (final.size === jobs.length || options.stopped?.()) return final;
    await new Promise((r) => setTimeout(r, interval));
  }
}
