import type { Command } from 'commander';
import { getVariation, listVariations, toCsv, SORTABLE, type ListOptions, type SortKey, type VariationRow } from '@cnn-analyzer/model-db';
import { withDatabase } from '../database-option.js';
import { renderTable, formatInt } from '../format/table.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';
import { parseConstraints } from '../constraints.js';

const FORMATS = ['table', 'csv', 'json'] as const;

interface QueryFlags {
  db?: string;
  architecture?: string;
  maxFlash?: string;
  maxRam?: string;
  maxMacs?: string;
  device?: string;
  maxLatency?: string;
  sort: string;
  desc?: boolean;
  format: string;
}

/** `20ms`, `0.5s` or a plain number of milliseconds. */
function parseLatency(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s)?$/i.exec(raw.trim());
  if (!m) throw new UsageError(`--max-latency: ${JSON.stringify(raw)} is not a time like 50ms or 0.2s`, 'max-latency', raw);
  return Number(m[1]) * ((m[2] ?? 'ms').toLowerCase() === 's' ? 1000 : 1);
}

function listOptions(o: QueryFlags, names?: readonly string[]): ListOptions {
  if (!(o.sort in SORTABLE)) throw new UsageError(`--sort: ${JSON.stringify(o.sort)} is not one of ${Object.keys(SORTABLE).join(', ')}`, 'sort', o.sort);
  return {
    ...(o.architecture ? { architecture: o.architecture } : {}),
    ...(names ? { names } : {}),
    ...parseConstraints(o),
    ...(o.device ? { device: o.device } : {}),
    ...(o.maxLatency ? { maxLatencyMs: parseLatency(o.maxLatency) } : {}),
    sort: o.sort as SortKey,
    descending: o.desc ?? false,
  };
}

function render(rows: readonly VariationRow[], format: string): string {
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: ${JSON.stringify(format)} is not one of ${FORMATS.join(', ')}`, 'format', format);
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  if (format === 'csv') return toCsv(rows);
  const n = (v: number | null): string => (v === null ? '-' : formatInt(v));
  return renderTable(
    [
      { header: 'name', value: (r: VariationRow) => r.name },
      { header: 'params', align: 'right', value: (r) => n(r.params) },
      { header: 'MACs', align: 'right', value: (r) => n(r.macs) },
      { header: 'size B', align: 'right', value: (r) => n(r.modelSizeBytes) },
      { header: 'peak B', align: 'right', value: (r) => n(r.peakMemoryBytes) },
      ...(rows.some((r) => r.latencyMs !== null) ? [{ header: 'latency ms', align: 'right' as const, value: (r: VariationRow) => (r.latencyMs === null ? '-' : r.latencyMs.toFixed(2)) }] : []),
    ],
    rows,
  );
}

function queryOptions(c: Command): Command {
  return c
    .option('--db <file>', 'model database (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--architecture <id>', 'only this architecture')
    .option('--max-flash <size>', 'model size at most, e.g. 250KB (KB = 1024 bytes)')
    .option('--max-ram <size>', 'peak memory at most, e.g. 250KB')
    .option('--max-macs <count>', 'MACs at most, e.g. 60M')
    .option('--device <board>', 'only variations with a recorded fit on this board, with its estimated latency')
    .option('--max-latency <time>', 'estimated latency at most, e.g. 50ms (needs --device)')
    .option('--sort <metric>', `sort by ${Object.keys(SORTABLE).join(', ')}`, 'name')
    .option('--desc', 'sort descending')
    .option('--format <format>', 'table | csv | json', 'table');
}

/** `list`, `show <name>`, `compare <a> <b> ...` over the model database. */
export function registerDbCommands(program: Command, ctx: CommandContext): void {
  queryOptions(program.command('list').summary('list the recorded variations, filtered by constraints and sorted by any metric')).action((o: QueryFlags) => {
    ctx.io.out(render(withDatabase(o.db, (db) => listVariations(db, listOptions(o))), o.format));
  });
  queryOptions(program.command('compare').summary('compare recorded variations side by side').argument('<names...>', 'two or more compound names')).action((names: string[], o: QueryFlags) => {
    const rows = withDatabase(o.db, (db) => listVariations(db, listOptions(o, names)));
    const missing = names.filter((n) => !rows.some((r) => r.name === n));
    if (missing.length > 0) throw new UsageError(`compare: ${JSON.stringify(missing[0])} is not in the database (analyze it first)`, 'names', missing[0]);
    ctx.io.out(render(rows, o.format));
  });
  program
    .command('show')
    .summary('everything recorded about one variation')
    .argument('<name>', 'compound name')
    .option('--db <file>', 'model database (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .action((name: string, o: { db?: string }) => {
      const found = withDatabase(o.db, (db) => getVariation(db, name));
      if (!found) throw new UsageError(`show: ${JSON.stringify(name)} is not in the database (analyze it first)`, 'name', name);
      ctx.io.out(JSON.stringify(found, null, 2) + '\n');
    });
}
