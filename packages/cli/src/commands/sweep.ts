import type { Command } from 'commander';
import { describeFactors } from '@cnn-analyzer/arch-spec';
import { knownArchitectures, requireArchitecture } from '../architectures.js';
import { parseConstraints } from '../constraints.js';
import { databasePath } from '../database-option.js';
import { inspectDbFile, isPostgresUrl, redactDbUrl } from '@cnn-analyzer/model-db';
import { enqueueSweep, type QueuedSweepSummary } from '../queue/enqueue-sweep.js';
import { requireDevice } from '../devices.js';
import { parseAxes } from '../sweep/grid.js';
import { progressReporter } from '../sweep/progress.js';
import { runSweep, type SweepSummary } from '../sweep/run-sweep.js';
import { runSweepOnStore } from '../sweep/run-sweep-store.js';
import { InterruptedError, UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';

interface SweepFlags {
  maxFlash?: string;
  maxRam?: string;
  maxMacs?: string;
  device?: string;
  runtime?: string;
  workers?: string;
  db?: string;
  queue?: string;
  detach?: boolean;
  json?: boolean;
  progress: boolean;
}

function parseWorkers(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > 256) throw new UsageError(`--workers: ${JSON.stringify(raw)} is not a whole number from 0 to 256`, 'workers', raw);
  return Number(raw);
}

function summaryText(s: SweepSummary, db: string): string {
  const p = s.progress;
  const lines = [
    `sweep ${s.id} (${s.architecture}): ${s.total} variation${s.total === 1 ? '' : 's'}, ${s.passing.length} within the constraints`,
    `  this run: ${p.pass} pass, ${p.reject} rejected, ${p.error} failed; ${p.resumed} already done before it`,
  ];
  if (s.invalid > 0) lines.push(`  ${s.invalid} factor combinations skipped as invalid, e.g. ${s.firstInvalid}`);
  lines.push(s.complete ? `  complete; recorded in ${db}` : `  stopped early with ${s.recorded} of ${s.total} recorded in ${db}: run the same command again to resume`);
  if (s.passing.length > 0) lines.push(`  see them: cnn-analyzer list --db ${db} --sort modelSizeBytes   or   cnn-analyzer dashboard --db ${db}`);
  return lines.join('\n') + '\n';
}

function queuedText(s: QueuedSweepSummary, db: string): string {
  const lines = [`sweep ${s.id} (${s.architecture}): ${s.total} variation${s.total === 1 ? '' : 's'} on the queue`];
  if (s.invalid > 0) lines.push(`  ${s.invalid} factor combinations skipped as invalid, e.g. ${s.firstInvalid}`);
  if (s.detached) lines.push(`  detached: follow it with cnn-analyzer jobs --queue <url>; the workers record into their --db`);
  else {
    lines.push(`  ${s.done} done, ${s.failed?.length ?? 0} failed${s.readded ? `, ${s.readded} enqueued again after Redis lost them` : ''}; ${s.recorded} recorded in ${db}, ${s.passing?.length ?? 0} within the constraints`);
    for (const f of (s.failed ?? []).slice(0, 5)) lines.push(`  failed: ${f.name}: ${f.error}`);
    if (!s.complete) lines.push('  incomplete: run the same command again to enqueue what is missing');
  }
  return lines.join('\n') + '\n';
}

async function sweepOnQueue(d: Parameters<typeof enqueueSweep>[0], o: SweepFlags, queue: string, db: string, ctx: CommandContext): Promise<void> {
  const reporter = progressReporter(ctx.io, { quiet: !o.progress || (o.detach ?? false) });
  let interrupted = false;
  const onSignal = (): void => void (interrupted = true);
  process.once('SIGINT', onSignal);
  try {
    const summary = await enqueueSweep(d, { queue, db, detach: o.detach ?? false, onProgress: (p) => reporter.update(p), stopped: () => interrupted });
    reporter.stop();
    ctx.io.out(o.json ? JSON.stringify(summary, null, 2) + '\n' : queuedText(summary, redactDbUrl(db)));
    if (interrupted && !summary.complete) throw new InterruptedError(`sweep ${summary.id}: stopped following the jobs; they go on in the workers (cnn-analyzer jobs --queue ${queue})`);
    if (summary.failed && summary.failed.length > 0) {
      throw new UsageError(`sweep ${summary.id}: ${summary.failed.length} job${summary.failed.length === 1 ? '' : 's'} failed after their retries (cnn-analyzer jobs --queue ${queue} --state failed); run the same command again once fixed`, 'queue', summary.failed.length);
    }
  } finally {
    reporter.stop();
    process.off('SIGINT', onSignal);
  }
}

/** `cnn-analyzer sweep <architecture> --<factor> <values> ... [--max-flash 250KB] [--workers N]` */
export function registerSweep(program: Command, ctx: CommandContext): void {
  program
    .command('sweep')
    .summary('analyze a grid of factor values on all cores, recording every variation (resumable)')
    .description(
      'Analyze every combination of the given factor values and record each variation in the model database.\n' +
        'Values: a comma list (--alpha 0.1,0.25), an integer range (--loop-length 1..5) or a range with a step ' +
        '(--alpha 0.1..0.5:0.1), mixed freely (--alpha 0.1,0.2..0.4:0.1). Constraints mark each variation pass or ' +
        'reject. A sweep is identified by its grid, constraints and device: run the same command again after an ' +
        'interruption (Ctrl-C, kill, crash) and it analyzes only what is not recorded yet.',
    )
    .argument('<architecture>', `architecture id (${knownArchitectures().map((a) => a.name).join(', ')})`)
    .option('--max-flash <size>', 'model size at most, e.g. 250KB')
    .option('--max-ram <size>', 'peak memory at most, e.g. 250KB')
    .option('--max-macs <count>', 'MACs at most, e.g. 60M')
    .option('--device <board>', 'also estimate latency and check the fit on this board')
    .option('--runtime <runtime>', 'the board runtime (default: the board\'s first)')
    .option('--workers <n>', 'worker threads (default: one per core; 0 runs in the main thread)')
    .option('--db <file|url>', 'model database: a SQLite file or postgres://user@host:5432/db (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--queue <redis-url>', 'enqueue one job per variation on this Redis (redis://host:port) for `cnn-analyzer worker` to run')
    .option('--detach', 'with --queue: enqueue and return without following the jobs')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress line on stderr')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .addHelpText('after', () => {
      const lines = ['', 'Factors you can sweep, per architecture:'];
      for (const a of knownArchitectures()) lines.push(`  ${a.name}: ${describeFactors(a).map((f) => `--${f.flag}`).join(' ')}`);
      return lines.join('\n');
    })
    .action(async (archId: string, o: SweepFlags, cmd: Command) => {
      const architecture = requireArchitecture(archId);
      const axes = parseAxes(architecture, cmd.args.slice(1));
      if (axes.length === 0) throw new UsageError(`sweep: give at least one factor with values, e.g. --alpha 0.1,0.25 --loop-length 1..5`, 'factors', undefined);
      if (o.runtime && !o.device) throw new UsageError('--runtime: needs --device', 'runtime', o.runtime);
      let target: { device: string; runtime?: string } | undefined;
      if (o.device) {
        const device = requireDevice(o.device);
        if (o.runtime && !device.runtimes.some((r) => r.runtime === o.runtime)) {
          throw new UsageError(`--runtime: ${JSON.stringify(o.runtime)} is not a runtime of ${device.name} (${device.runtimes.map((r) => r.runtime).join(', ')})`, 'runtime', o.runtime);
        }
        target = { device: device.name, ...(o.runtime ? { runtime: o.runtime } : {}) };
      }
      const workers = parseWorkers(o.workers);
      const dbPath = databasePath(o.db);
      if (o.detach && !o.queue) throw new UsageError('--detach: needs --queue', 'detach', true);
      if (o.queue) {
        if (workers !== undefined) throw new UsageError('--workers: with --queue the workers are `cnn-analyzer worker` processes (their --concurrency)', 'workers', o.workers);
        await sweepOnQueue({ architecture, axes, constraints: parseConstraints(o), ...(target ? { target } : {}) }, o, o.queue, dbPath, ctx);
        return;
      }
      const postgres = isPostgresUrl(dbPath);
      // a mistyped --db would otherwise start a new, empty database without a word; a bad file is refused here
      if (!postgres && inspectDbFile(dbPath) !== 'sqlite') ctx.io.err(`note: created a new model database ${dbPath}\n`);
      const reporter = progressReporter(ctx.io, { quiet: !o.progress });
      let interrupted = false;
      const onSignal = (): void => void (interrupted = true);
      process.once('SIGINT', onSignal);
      try {
        const summary = await (postgres ? runSweepOnStore : runSweep)(
          { architecture, axes, constraints: parseConstraints(o), ...(target ? { target } : {}) },
          { dbPath, ...(workers !== undefined ? { workers } : {}), onProgress: (p) => reporter.update(p), stopped: () => interrupted },
        );
        reporter.end(summary.progress);
        ctx.io.out(o.json ? JSON.stringify(summary, null, 2) + '\n' : summaryText(summary, redactDbUrl(dbPath)));
        if (interrupted && !summary.complete) {
          throw new InterruptedError(`sweep ${summary.id} stopped with ${summary.recorded} of ${summary.total} recorded; run the same command again to resume`);
        }
      } finally {
        reporter.stop();
        process.off('SIGINT', onSignal);
      }
    });
}
