import { layerwisePath, scorecardData } from '@cnn-analyzer/dashboard';
import { DEFAULT_BUDGETS } from '@cnn-analyzer/device';
import type { Command } from 'commander';
import { describeSqliteError, isPostgresUrl, openModelDb, redactDbUrl, syncReads, type ModelDb, type StoreReads, type VariationDetail, listVariations, openModelStore, type ModelStore, recordedDevices, SORTABLE, isSortKey, type ListOptions, type VariationRow } from '@cnn-analyzer/model-db';
import { DB_HELP, databasePath, withDatabase } from '../database-option.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';
import { parseConstraints } from '../constraints.js';
import { recordedNameIn } from '../model-name.js';
import { BUILTIN_ARCHITECTURES } from '../architectures.js';
import { requireDevice } from '../devices.js';
import { renderComparison, renderVariations } from '../format/variations.js';
import { variationsCsv } from '../format/csv.js';

const DB_URL_HELP = `${DB_HELP.db}, or a PostgreSQL URL (postgres://user@host:5432/db)`;

const FORMATS = ['table', 'csv', 'json'] as const;

interface QueryFlags {
  db?: string;
  check?: boolean;
  create?: boolean;
  architecture?: string;
  maxFlash?: string;
  maxRam?: string;
  maxMacs?: string;
  device?: string;
  maxLatency?: string;
  sort: string;
  desc?: boolean;
  format: string;
  json?: boolean;
}

/** `20ms`, `0.5s` or a plain number of milliseconds. */
function parseLatency(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s)?$/i.exec(raw.trim());
  if (!m) throw new UsageError(`--max-latency: ${JSON.stringify(raw)} is not a time like 50ms or 0.2s`, 'max-latency', raw);
  return Number(m[1]) * ((m[2] ?? 'ms').toLowerCase() === 's' ? 1000 : 1);
}

function listOptions(o: QueryFlags, names?: readonly string[]): ListOptions {
  if (!isSortKey(o.sort)) throw new UsageError(`--sort: ${JSON.stringify(o.sort)} is not one of ${Object.keys(SORTABLE).join(', ')}`, 'sort', o.sort);
  const known = [...BUILTIN_ARCHITECTURES.map((a) => a.name), 'tflite'];
  if (o.architecture !== undefined && !known.includes(o.architecture)) {
    throw new UsageError(`--architecture: ${JSON.stringify(o.architecture)} is unknown (known: ${known.join(', ')})`, 'architecture', o.architecture);
  }
  const maxLatencyMs = o.maxLatency ? parseLatency(o.maxLatency) : undefined;
  if (o.device !== undefined) requireDevice(o.device);
  return {
    ...(o.architecture ? { architecture: o.architecture } : {}),
    ...(names ? { names } : {}),
    ...parseConstraints(o),
    ...(o.device ? { device: o.device } : {}),
    ...(maxLatencyMs !== undefined ? { maxLatencyMs } : {}),
    sort: o.sort,
    descending: o.desc ?? false,
  };
}

/** `--json` is `--format json`; a conflicting pair is refused. */
function outputFormat(o: { format: string; json?: boolean }): (typeof FORMATS)[number] {
  if (!(FORMATS as readonly string[]).includes(o.format)) throw new UsageError(`--format: ${JSON.stringify(o.format)} is not one of ${FORMATS.join(', ')}`, 'format', o.format);
  if (o.json && o.format !== 'table' && o.format !== 'json') throw new UsageError(`--json: conflicts with --format ${o.format}`, 'json', true);
  return o.json ? 'json' : (o.format as (typeof FORMATS)[number]);
}

function queryOptions(c: Command, create: boolean): Command {
  c.option('--db <file|url>', DB_URL_HELP).option('--check', DB_HELP.check);
  if (create) c.option('--create', DB_HELP.create);
  return c
    .option('--architecture <id>', `only this architecture (${BUILTIN_ARCHITECTURES.map((a) => a.name).join(', ')}, or tflite for imported files)`)
    .option('--max-flash <size>', 'model size at most, e.g. 250KB')
    .option('--max-ram <size>', 'peak memory at most, e.g. 250KB')
    .option('--max-macs <count>', 'MACs at most, e.g. 60M (M = 10^6)')
    .option('--device <board>', 'only variations with a recorded fit on this board, with its estimated latency')
    .option('--max-latency <time>', 'estimated latency at most, e.g. 50ms (needs --device)')
    .option('--sort <metric>', `sort by ${Object.keys(SORTABLE).join(', ')}`, 'name')
    .option('--desc', 'sort descending')
    .option('--format <format>', 'table | csv | json', 'table')
    .option('--json', 'the same as --format json');
}

/** Run `fn` on the async store of a PostgreSQL database, closing it afterwards. */
async function withStore<T>(url: string, fn: (store: ModelStore) => Promise<T>): Promise<T> {
  const store = await openModelStore(url);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** {@link withDatabase} for an async `fn` over a file only read: the file stays open until `fn` settles. */
async function withDatabaseAsync<T>(flag: string | undefined, fn: (db: ModelDb) => Promise<T>, how: { readonly: boolean; create: boolean; check: boolean }): Promise<T> {
  const path = databasePath(flag);
  const db = openModelDb(path, how);
  try {
    return await fn(db);
  } catch (e) {
    throw describeSqliteError(path, e);
  } finally {
    db.close();
  }
}

/** Run `fn` on the reads of `--db`: a PostgreSQL URL's store, or the SQLite file opened read-only. */
function withReads<T>(o: { db?: string; check?: boolean }, ctx: CommandContext, fn: (db: StoreReads) => Promise<T>): Promise<T> {
  const db = databasePath(o.db);
  if (!isPostgresUrl(db)) return withDatabaseAsync(o.db, (file) => fn(syncReads(file)), use(o, ctx));
  if (o.check) throw new UsageError('--check: applies to a SQLite file, not to a PostgreSQL database', 'check', true);
  return withStore(db, fn);
}

const use = (o: { check?: boolean; create?: boolean }, ctx: CommandContext) => ({ readonly: true, create: o.create ?? false, check: o.check ?? false, io: ctx.io });

/** `list`, `show <name>`, `compare <a> <b> ...` over the model database. */
export function registerDbCommands(program: Command, ctx: CommandContext): void {
  queryOptions(program.command('list').summary('list the recorded variations, filtered by constraints and sorted by any metric'), true)
    .action(async (o: QueryFlags) => {
      const format = outputFormat(o);
      const options = listOptions(o);
      const { rows, boards } = isPostgresUrl(databasePath(o.db))
        ? await withStore(databasePath(o.db), async (store) => ({ rows: await store.listVariations(options), boards: options.device ? [] : await store.recordedDevices() }))
        : withDatabase(o.db, (db) => ({ rows: listVariations(db, options), boards: options.device ? [] : recordedDevices(db) }), use(o, ctx));
      if (format === 'json') ctx.io.out(JSON.stringify(rows, null, 2) + '\n');
      else if (format === 'csv') ctx.io.out(variationsCsv(rows));
      else {
        ctx.io.out(rows.length === 0 ? 'no recorded variation matches\n' : renderVariations(rows, options.sort ?? 'name', options.descending ?? false));
        // latency is per board: say which boards have it rather than leave the column out silently
        if (rows.length > 0 && boards.length > 0) ctx.io.out(`latency recorded on ${boards.join(', ')}: add --device <board> to show it\n`);
      }
    });
  queryOptions(program.command('compare').summary('compare recorded variations side by side, with the differences').argument('<names...>', 'two or more compound names (or recorded .tflite names)'), false).action(
    async (given: string[], o: QueryFlags) => {
      if (given.length < 2) throw new UsageError(`compare: needs two or more names (got ${given.length})`, 'names', given);
      const format = outputFormat(o);
      listOptions({ ...o, sort: 'name' }); // flags checked before the database is opened
      const { names, rows, details } = await withReads(o, ctx, async (db) => {
        const names: string[] = [];
        for (const n of given) names.push(await recordedNameIn(db.hasVariation, n, 'compare'));
        const twice = names.find((n, i) => names.indexOf(n) !== i);
        if (twice !== undefined) throw new UsageError(`compare: ${JSON.stringify(twice)} is named twice`, 'names', twice);
        const found = await db.listVariations(listOptions({ ...o, sort: 'name' }, names));
        const details: (VariationDetail | undefined)[] = [];
        for (const n of names) details.push(await db.variationDetail(n));
        return { names, rows: names.map((n) => found.find((r) => r.name === n)), details };
      });
      const missing = names.findIndex((_, i) => !rows[i]);
      if (missing >= 0) throw new UsageError(`compare: ${JSON.stringify(given[missing])} does not pass the filters (--device needs a recorded fit on that board)`, 'names', given[missing]);
      const ordered = rows as VariationRow[];
      if (format === 'json') ctx.io.out(JSON.stringify(ordered, null, 2) + '\n');
      else if (format === 'csv') ctx.io.out(variationsCsv(ordered));
      else {
        ctx.io.out(renderComparison(ordered, details.map((d) => d?.deviceFits ?? [])));
        ctx.io.out(`\nlayer-wise charts: cnn-analyzer dashboard${o.db ? ` --db ${redactDbUrl(o.db)}` : ''}, then open http://127.0.0.1:8417${layerwisePath(names, o.device)}\n`);
      }
    },
  );
  program
    .command('show')
    .summary('everything recorded about one variation, as JSON')
    .description('Print everything recorded about one variation as one JSON object: the same object the dashboard\'s /api/variations/<name> serves.')
    .argument('<name>', 'compound name (any spelling that parses) or recorded .tflite name')
    .option('--db <file|url>', DB_URL_HELP)
    .option('--check', DB_HELP.check)
    .option('--json', 'print JSON (the only output of show; accepted for consistency)')
    .action(async (given: string, o: { db?: string; check?: boolean }) => {
      const found = await withReads(o, ctx, async (db) => scorecardData(db, await recordedNameIn(db.hasVariation, given, 'show'), DEFAULT_BUDGETS));
      if (!found) throw new UsageError(`show: ${JSON.stringify(given)} is not in the database (analyze it first)`, 'name', given);
      // the object the dashboard's API serves: the scorecard data with its budget checks (the study's budgets)
      ctx.io.out(JSON.stringify(found, null, 2) + '\n');
    });
}
