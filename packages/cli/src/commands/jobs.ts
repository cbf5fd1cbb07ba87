import type { Command } from 'commander';
import { openJobQueues, type JobRow } from '@cnn-analyzer/job-queue';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';
import { numberFlag } from './train.js';

interface JobsFlags {
  queue?: string;
  json?: boolean;
  state?: string;
  limit: string;
}

const STATES = ['queued', 'running', 'done', 'failed'] as const;

function progressText(p: unknown): string {
  if (typeof p === 'number') return p > 0 ? `${p}` : '';
  if (p && typeof p === 'object' && 'epoch' in p && 'epochs' in p) return `epoch ${String((p as { epoch: unknown }).epoch)}/${String((p as { epochs: unknown }).epochs)}`;
  return '';
}

function table(rows: readonly JobRow[]): string {
  const counts = STATES.map((s) => `${rows.filter((r) => r.state === s).length} ${s}`).join(', ');
  const lines = rows.map((r) => [r.kind.padEnd(8), r.state.padEnd(8), r.name, progressText(r.progress), r.attempts > 1 ? `(${r.attempts} tries)` : '', r.state === 'failed' && r.error ? `error: ${r.error}` : ''].filter(Boolean).join('  '));
  return [...lines, counts].join('\n') + '\n';
}

/** `cnn-analyzer jobs --queue redis://host:port [--state failed] [--json]` */
export function registerJobs(program: Command, ctx: CommandContext): void {
  program
    .command('jobs')
    .summary('list the jobs on the queue: queued, running, done, failed (with the error)')
    .option('--queue <redis-url>', 'the queue (redis://host:port), required')
    .option('--state <state>', `only jobs in this state: ${STATES.join(' | ')}`)
    .option('--limit <n>', 'at most this many jobs per kind and state', '200')
    .option('--json', 'print the jobs as JSON')
    .action(async (o: JobsFlags) => {
      if (!o.queue) throw new UsageError('--queue: the Redis URL is required (redis://host:port)', 'queue', undefined);
      if (o.state && !(STATES as readonly string[]).includes(o.state)) throw new UsageError(`--state: ${JSON.stringify(o.state)} is not one of ${STATES.join(', ')}`, 'state', o.state);
      const limit = numberFlag('limit', o.limit, { int: true, min: 1, max: 1_000_000 });
      const queues = await openJobQueues(o.queue);
      try {
        const rows = (await queues.list(limit)).filter((r) => !o.state || r.state === o.state);
        ctx.io.out(o.json ? JSON.stringify(rows, null, 2) + '\n' : table(rows));
      } finally {
        await queues.close();
      }
    });
}
