import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { DEFAULT_BUDGETS } from '@cnn-analyzer/device';
import { finishSearch, isPostgresUrl, openModelDb, redactDbUrl } from '@cnn-analyzer/model-db';
import { parseQueueUrl } from '@cnn-analyzer/job-queue';
import { optimize, type Candidate, type SearchConstraints, type SearchResult, type TrailStep } from '@cnn-analyzer/optimizer';
import { BUILTIN_ARCHITECTURES, requireArchitecture } from '../architectures.js';
import { parseConstraints } from '../constraints.js';
import { databasePath } from '../database-option.js';
import { calibratedDevice } from '../calibration-option.js';
import { requireDevice } from '../devices.js';
import { parseFactorFlags } from '../factor-flags.js';
import { formatInt } from '../format/table.js';
import { databaseStore, searchId } from '../optimize/search-store.js';
import { workerEvaluator } from '../optimize/worker-evaluator.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';
import { collectingStore, parseTrainTop, trainTop, trainTopText, type TrainTopFlags } from './optimize-train.js';
import { trainTopQueued, type QueuedShortlist } from '../queue/enqueue-shortlist.js';

/** The jobs of a detached (or no longer followed) queued shortlist. */
function queuedText(q: QueuedShortlist): string {
  return [`  queued the top ${q.jobs.length} for the workers (cnn-analyzer jobs follows them):`, ...q.jobs.map((j) => `    ${j.name}  job ${j.job}  ${j.state}`)].join('\n') + '\n';
}

interface OptimizeFlags extends TrainTopFlags {
  maxFlash?: string;
  maxRam?: string;
  maxMacs?: string;
  maxLatency?: string;
  device?: string;
  runtime?: string;
  budget?: string;
  seed?: string;
  db?: string | false;
  json?: boolean;
  progress: boolean;
  queue?: string;
  detach?: boolean;
  artifacts?: string;
  workers?: string;
}

/** `--budget 30s` (seconds) or `--budget 500` (distinct variations evaluated). */
export function parseBudget(raw: string | undefined): { evaluations?: number; seconds?: number } | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(s)?$/.exec(raw.trim());
  if (!m || Number(m[1]) <= 0 || (!m[2] && !Number.isInteger(Number(m[1])))) {
    throw new UsageError(`--budget: ${JSON.stringify(raw)} is not seconds like 30s or a whole number of evaluations like 500`, 'budget', raw);
  }
  return m[2] ? { seconds: Number(m[1]) } : { evaluations: Number(m[1]) };
}

/** `--workers <n>`: threads that evaluate (this one included); default one per core. */
function parseWorkers(raw: string | undefined): number {
  if (raw === undefined) return Math.max(1, availableParallelism());
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 256) throw new UsageError(`--workers: ${JSON.stringify(raw)} is not a whole number from 1 to 256`, 'workers', raw);
  return Number(raw);
}

function parseSeed(raw: string | undefined): number {
  if (raw === undefined) return 1;
  if (!/^\d+$/.test(raw) || Number(raw) > 2 ** 32 - 1) throw new UsageError(`--seed: ${JSON.stringify(raw)} is not a whole number from 0 to 4294967295`, 'seed', raw);
  return Number(raw);
}

function parseLatency(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw.replace(/ms$/, ''));
  if (!Number.isFinite(v) || v <= 0) throw new UsageError(`--max-latency: ${JSON.stringify(raw)} is not a positive number of milliseconds`, 'max-latency', raw);
  return v;
}

const kb = (b: number): string => `${(b / 1024).toFixed(1)} KB`;

function candidateLine(c: Candidate): string {
  return `${c.name}  α ${c.alpha}  ${formatInt(c.params)} params  ${kb(c.modelSizeBytes)} flash  ${kb(c.arenaBytes)} arena  ${(c.macs / 1e6).toFixed(2)} M MACs${c.latencyMs !== undefined ? `  ${c.latencyMs.toFixed(1)} ms` : ''}`;
}

function stepLine(t: TrailStep): string {
  return `  [${t.step === 0 ? 'x' : t.step}] ${t.action.padEnd(11)} ${t.note}`;
}

function summaryText(id: string, r: SearchResult, recorded: string | undefined): string {
  const lines = [`search ${id} (${r.architecture}): ${r.evaluated} variations evaluated, ${r.analyzed} analyzed in this run${r.complete ? '' : ' (budget spent before the five steps finished)'}`];
  if (!r.best.alpha) lines.push('  no variation meets the constraints, not even at the smallest α');
  else {
    lines.push(`  largest α:      ${candidateLine(r.best.alpha)}`);
    if (r.best.params) lines.push(`  most params:    ${candidateLine(r.best.params)}`);
    if (r.best.latency) lines.push(`  lowest latency: ${candidateLine(r.best.latency)}`);
    lines.push(`  Pareto front (α, params${r.best.latency ? ', latency' : ''}): ${r.pareto.length} variation${r.pareto.length === 1 ? '' : 's'}`);
    for (const c of r.pareto.slice(0, 12)) lines.push(`    ${candidateLine(c)}`);
    if (r.pareto.length > 12) lines.push(`    … ${r.pareto.length - 12} more (--json)`);
  }
  if (recorded) lines.push(`  recorded in ${recorded}; the same command resumes or replays it`);
  return lines.join('\n') + '\n';
}

/** `cnn-analyzer optimize <architecture> [--max-flash 250KB --max-ram 250KB --max-macs 60M] [--device <board> --max-latency <ms>] [--budget] [--seed] [--json]` */
export function registerOptimize(program: Command, ctx: CommandContext): void {
  program
    .command('optimize')
    .summary("search an architecture's factors for the largest α within the constraints (the study's five steps)")
    .description(
      "Run the study's downscaling strategy over the plugin's declared factors: check the defaults; when a constraint " +
        'fails and the layers holding it are scaled by α alone, lower α; otherwise find the layer holding most of it ' +
        '(params for flash) and cut a factor that layer claims; raise α by bisection as far as the constraints allow, ' +
        'then raise the cut factors back. RAM is the TFLM arena; flash the exact int8 model size. Prints the best ' +
        'variation per objective, the Pareto front and the trail; records every evaluation under one search id, so ' +
        'the same command resumes an interrupted search. Other --<factor> <value> flags fix that factor.\n' +
        'With no constraint flags the study budgets apply: 250KB flash, 250KB RAM, 60M MACs.',
    )
    .argument('<architecture>', `architecture id (${BUILTIN_ARCHITECTURES.map((a) => a.name).join(', ')})`)
    .option('--max-flash <size>', 'model size at most, e.g. 250KB')
    .option('--max-ram <size>', 'TFLM arena at most, e.g. 250KB')
    .option('--max-macs <count>', 'MACs at most, e.g. 60M')
    .option('--device <board>', 'estimate latency on this board (and the lowest-latency objective)')
    .option('--runtime <runtime>', "the board runtime (default: the board's first)")
    .option('--max-latency <ms>', 'estimated latency at most, ms (needs --device)')
    .option('--budget <n|Ns>', 'at most this many variations (500) or seconds (30s); the rest of it explores near the best')
    .option('--seed <n>', 'seed of the exploration (default 1)')
    .option('--workers <n>', 'threads that evaluate variations, this one included (default: one per core); the exploration and an enum factor\'s values are evaluated in parallel, with the same result as one thread')
    .option('--db <file>', 'model database (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--no-db', 'do not record the search')
    .option('--json', 'print the result as JSON')
    .option('--no-progress', 'no trail lines on stderr')
    .option('--train-top <k>', 'then train the k best candidates within the constraints with one setup and report the most accurate')
    .option('--data <dir>', 'with --train-top: image folder (one sub-folder per class)')
    .option('--epochs <n>', 'with --train-top: epochs (default 20)')
    .option('--batch-size <n>', 'with --train-top: images per step (default 32)')
    .option('--lr <x>', 'with --train-top: peak learning rate (default 0.001)')
    .option('--backend <name>', 'with --train-top: training backend (default auto)')
    .option('--cache <dir>', 'with --train-top: folder of decoded-image caches')
    .option('--runs <dir>', 'with --train-top: folder of the training runs (default runs/search-<id>)')
    .option('--queue <redis-url>', 'with --train-top: enqueue the trainings for `cnn-analyzer worker`s (redis://host:port), all at once, and report the most accurate when they finish; --data and --runs must be folders the workers share')
    .option('--detach', 'with --queue: enqueue the trainings and return without following them')
    .option('--artifacts <dir>', 'with --queue: where the workers copy each run\'s .tflite and final checkpoint (recorded by path and sha256)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (archId: string, o: OptimizeFlags, cmd: Command) => {
      const architecture = requireArchitecture(archId);
      const fixed = parseFactorFlags(cmd.args.slice(1));
      architecture.resolve(fixed); // a bad fixed factor fails here, naming the field
      if (o.runtime && !o.device) throw new UsageError('--runtime: needs --device', 'runtime', o.runtime);
      const maxLatencyMs = parseLatency(o.maxLatency);
      if (maxLatencyMs !== undefined && !o.device) throw new UsageError('--max-latency: needs --device', 'max-latency', o.maxLatency);
      const shipped = o.device ? requireDevice(o.device) : undefined;
      if (shipped && o.runtime && !shipped.runtimes.some((r) => r.runtime === o.runtime)) {
        throw new UsageError(`--runtime: ${JSON.stringify(o.runtime)} is not a runtime of ${shipped.name} (${shipped.runtimes.map((r) => r.runtime).join(', ')})`, 'runtime', o.runtime);
      }
      const device = shipped ? calibratedDevice(shipped.name, o.runtime).device : undefined; // a local calibration file when there is one
      const given = parseConstraints(o);
      const base = Object.keys(given).length > 0 ? given : { maxFlashBytes: DEFAULT_BUDGETS.flashBytes, maxRamBytes: DEFAULT_BUDGETS.ramBytes, maxMacs: DEFAULT_BUDGETS.macs };
      const constraints: SearchConstraints = { ...base, ...(maxLatencyMs !== undefined ? { maxLatencyMs } : {}) };
      const budget = parseBudget(o.budget);
      const seed = parseSeed(o.seed);
      const threads = parseWorkers(o.workers);
      const training = parseTrainTop(o, seed);
      if (o.queue !== undefined && !training) throw new UsageError('--queue: only applies with --train-top <k> (the search itself runs here; its trainings go to the queue)', 'queue', o.queue);
      if (o.queue !== undefined) parseQueueUrl(o.queue); // a bad URL fails now, not after the search
      if (o.detach && !o.queue) throw new UsageError('--detach: needs --queue', 'detach', true);
      if (o.artifacts !== undefined && !o.queue) throw new UsageError('--artifacts: needs --queue', 'artifacts', o.artifacts);
      const spec = { architecture: architecture.name, constraints, fixed, device: device?.name ?? null, runtime: o.runtime ?? null, budget: budget ?? null, seed };
      const id = searchId(spec);
      const dbPath = o.db === false ? undefined : databasePath(o.db);
      if (dbPath && isPostgresUrl(dbPath)) {
        throw new UsageError(`--db: ${redactDbUrl(dbPath)}: optimize records its search in a SQLite file (with --train-top --queue, the workers record the trainings in their own --db, PostgreSQL too)`, 'db', redactDbUrl(dbPath));
      }
      const db = dbPath ? openModelDb(dbPath) : undefined;
      try {
        const stored = db ? databaseStore(db, id, architecture.name, spec) : undefined;
        const pool = training ? collectingStore(stored?.store) : undefined;
        if (o.progress && stored?.resumed) ctx.io.err(`resuming search ${id}: ${stored.resumed} evaluations recorded\n`);
        const target = device ? { device: device.name, ...(o.runtime ? { runtime: o.runtime } : {}) } : undefined;
        const evaluator = workerEvaluator({ architecture: architecture.name, constraints, ...(target ? { target } : {}), withReports: db !== undefined, threads });
        const result = await optimize(architecture, {
          evaluator: evaluator.evaluate,
          constraints,
          fixed,
          seed,
          ...(budget ? { budget } : {}),
          ...(device ? { device } : {}),
          ...(o.runtime ? { runtime: o.runtime } : {}),
          ...(pool ? { store: pool.store } : stored ? { store: stored.store } : {}),
          ...(o.progress ? { onStep: (t: TrailStep, n: number) => ctx.io.err(`${String(n).padStart(5)} ${stepLine(t)}\n`) } : {}),
        }).finally(() => evaluator.close());
        stored?.flush();
        if (db) finishSearch(db, id, result);
        const queued = training && o.queue ? await trainTopQueued(id, result, pool!.seen.values(), training, { queue: o.queue, detach: o.detach ?? false, ...(o.artifacts ? { artifacts: o.artifacts } : {}), io: ctx.io, progress: o.progress }) : undefined;
        const trained = training && !o.queue ? await trainTop(id, result, pool!.seen.values(), training, db, ctx.io, o.progress) : queued?.training;
        if (db && trained) finishSearch(db, id, { ...result, training: trained });
        const setup = training ? { data: training.data, config: training.config, backend: training.backend } : undefined;
        const jobs = queued ? { jobs: queued.jobs } : {};
        if (o.json) ctx.io.out(JSON.stringify({ id, ...result, ...(trained || queued ? { training: { setup, ...jobs, ...trained } } : {}) }, null, 2) + '\n');
        else ctx.io.out(summaryText(id, result, dbPath) + (trained && training ? trainTopText(trained, training) : '') + (queued && !trained ? queuedText(queued) : ''));
      } finally {
        db?.close();
      }
    });
}
