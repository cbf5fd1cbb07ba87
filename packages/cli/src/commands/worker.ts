import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { JOB_KINDS, parseQueueUrl, redactQueueUrl, startJobWorker, type JobKind, type RunningWorker } from '@cnn-analyzer/job-queue';
import { openModelStore, redactDbUrl } from '@cnn-analyzer/model-db';
import { BACKENDS, type BackendChoice } from '@cnn-analyzer/trainer';
import { databasePath } from '../database-option.js';
import { activePlugins } from '../plugins/registry.js';
import { analyzeProcessor } from '../queue/analyze-jobs.js';
import { trainProcessor } from '../queue/train-jobs.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';
import { choiceFlag, numberFlag } from './train.js';

interface WorkerFlags {
  queue?: string;
  concurrency?: string;
  backend?: string;
  db?: string;
  kinds: string;
  lockMs: string;
  json?: boolean;
}

/** `cnn-analyzer worker --queue redis://host:port [--concurrency N] [--backend name] [--db file|postgres://…]` */
export function registerWorker(program: Command, ctx: CommandContext): void {
  program
    .command('worker')
    .summary('run queued sweep and training jobs (until Ctrl-C / SIGTERM)')
    .description(
      'Take jobs from the Redis queue that `sweep --queue` and `train --queue` fill, run them and record the results in ' +
        'the model database (a SQLite file, or postgres://… shared by every worker). Start as many workers on as many ' +
        'machines as you like. A worker that dies mid-job leaves the job to another after the lock time (--lock-ms); ' +
        'a training job goes on from its last checkpoint. A failed try is retried with a growing delay.',
    )
    .option('--queue <redis-url>', 'the queue (redis://host:port), required')
    .option('--concurrency <n>', 'analysis jobs at once, each on its own thread (default: one per core)')
    .option('--backend <name>', `backend of training jobs, overriding the job's: ${BACKENDS.join(' | ')} (tensorflow uses tfjs-node-gpu when installed)`)
    .option('--db <file|url>', 'model database: SQLite file or postgres://user@host:5432/db (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--kinds <list>', `job kinds to take: ${JOB_KINDS.join(',')}`, JOB_KINDS.join(','))
    .option('--lock-ms <ms>', 'job lock time: how long after a worker dies its job is taken back', '30000')
    .option('--json', 'log one JSON object per line on stderr ({time, event, kind, name, …})')
    .action(async (o: WorkerFlags) => {
      if (!o.queue) throw new UsageError('--queue: the Redis URL is required (redis://host:port)', 'queue', undefined);
      parseQueueUrl(o.queue);
      const concurrency = o.concurrency === undefined ? availableParallelism() : numberFlag('concurrency', o.concurrency, { int: true, min: 1, max: 256 });
      const backend = o.backend === undefined ? undefined : choiceFlag<BackendChoice>('backend', o.backend, BACKENDS);
      const lockDurationMs = numberFlag('lock-ms', o.lockMs, { int: true, min: 1000, max: 3_600_000 });
      const kinds = o.kinds.split(',').map((k) => choiceFlag<JobKind>('kinds', k.trim(), JOB_KINDS));
      const db = databasePath(o.db);
      const store = await openModelStore(db);
      const analyze = analyzeProcessor(store, concurrency, activePlugins().cwd);
      const log = (line: string, fields: Record<string, unknown>): void =>
        ctx.io.err(o.json ? JSON.stringify({ time: new Date().toISOString(), ...fields }) + '\n' : `${new Date().toISOString()} ${line}\n`);
      const hooks = (kind: JobKind) => ({
        onCompleted: (name: string) => log(`${kind} ${name}: done`, { event: 'done', kind, name }),
        onFailed: (name: string, error: string, attempt: number) => log(`${kind} ${name}: try ${attempt} failed: ${error}`, { event: 'failed', kind, name, attempt, error }),
      });
      const workers: RunningWorker[] = [];
      if (kinds.includes('analyze')) workers.push(startJobWorker(o.queue, 'analyze', analyze.process, { concurrency, lockDurationMs, ...hooks('analyze') }));
      if (kinds.includes('train')) workers.push(startJobWorker(o.queue, 'train', trainProcessor(store, backend, activePlugins().cwd), { concurrency: 1, lockDurationMs, ...hooks('train') }));
      log(`worker on ${redactQueueUrl(o.queue)}: ${kinds.join(', ')} jobs, ${concurrency} at once, recording into ${redactDbUrl(db)}`, { event: 'started', queue: redactQueueUrl(o.queue), kinds, concurrency, db: redactDbUrl(db) });
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      log('stopping: finishing the jobs in hand', { event: 'stopping' });
      await Promise.all(workers.map((w) => w.close()));
      await analyze.close();
      await store.close();
    });
}
