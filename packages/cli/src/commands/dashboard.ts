import { resolve } from 'node:path';
import type { Command } from 'commander';
import { renderReport, startDashboard, DEFAULT_CONSTRAINTS, type ScorecardConstraints } from '@cnn-analyzer/dashboard';
import { describeSqliteError, isPostgresUrl, openModelDb, openModelStore, redactDbUrl, syncReads } from '@cnn-analyzer/model-db';
import { parseConstraints } from '../constraints.js';
import { databasePath, DB_HELP, withDatabase } from '../database-option.js';
import { recordedName, recordedNameIn } from '../model-name.js';
import { checkOutputFile, writeOutputFile } from '../output-file.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

function parsePort(raw: string): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new UsageError(`--port: ${JSON.stringify(raw)} is not a port number (0 to 65535)`, 'port', raw);
  return Number(raw);
}

/** The scorecard's budgets from --max-flash/--max-ram/--max-macs, defaulting to 250 KB, 250 KB and 60 M. */
function scorecardConstraints(o: { maxFlash?: string; maxRam?: string; maxMacs?: string }): ScorecardConstraints {
  const c = parseConstraints(o);
  return {
    flashKB: c.maxFlashBytes !== undefined ? c.maxFlashBytes / 1024 : DEFAULT_CONSTRAINTS.flashKB,
    ramKB: c.maxRamBytes !== undefined ? c.maxRamBytes / 1024 : DEFAULT_CONSTRAINTS.ramKB,
    macsM: c.maxMacs !== undefined ? c.maxMacs / 1e6 : DEFAULT_CONSTRAINTS.macsM,
  };
}

/** `cnn-analyzer dashboard` and `cnn-analyzer report <name> --out <file.html>`. */
export function registerDashboard(program: Command, ctx: CommandContext): void {
  program
    .command('dashboard')
    .summary('serve the model database as a local web app (comparison view, layer-wise comparison, scorecards, searches)')
    .description('Serve a web app over the model database on 127.0.0.1: a comparison view of every variation with the study\'s figures and the constraint lines drawn, the layer-wise comparison of any two or more variations (#/layers?names=a,b), a scorecard per variation and the optimize searches (#/searches). It answers only requests addressed to the host it is bound to. Stops on Ctrl-C.')
    .option('--db <file|url>', `${DB_HELP.db}, or a PostgreSQL URL (postgres://user@host:5432/db) a team's workers record to`)
    .option('--check', DB_HELP.check)
    .option('--create', DB_HELP.create)
    .option('--port <port>', 'TCP port (0: any free port)', '8417')
    .option('--host <host>', 'interface to bind; anything but loopback exposes your database to the network', '127.0.0.1')
    .action(async (o: { db?: string; check?: boolean; create?: boolean; port: string; host: string }) => {
      const port = parsePort(o.port);
      const db = databasePath(o.db);
      const postgres = isPostgresUrl(db);
      if (postgres && (o.check || o.create)) throw new UsageError(`--${o.check ? 'check' : 'create'}: applies to a SQLite file, not to a PostgreSQL database`, o.check ? 'check' : 'create', true);
      // open once here: a missing, damaged or newer file is refused before anything listens
      if (!postgres) withDatabase(o.db, () => undefined, { readonly: true, create: o.create ?? false, check: o.check ?? false, io: ctx.io });
      if (!LOOPBACK.includes(o.host)) ctx.io.err(`warning: --host ${o.host} serves the dashboard beyond this machine\n`);
      const server = await startDashboard({ dbPath: db, host: o.host, port, create: o.create ?? false });
      ctx.io.out(`CNN Analyzer dashboard: ${server.url}  (database ${redactDbUrl(db)}; Ctrl-C stops it)\n`);
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().then(done);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
  program
    .command('report')
    .summary('write one self-contained HTML scorecard of a variation')
    .argument('<name>', 'compound name of a recorded variation (any spelling that parses)')
    .requiredOption('--out <file.html>', 'the HTML file to write')
    .option('--json', 'print { path, bytes } of the written file as JSON')
    .option('--db <file|url>', `${DB_HELP.db}, or a PostgreSQL URL (postgres://user@host:5432/db)`)
    .option('--check', DB_HELP.check)
    .option('--max-flash <size>', 'flash budget the checks use (default 250KB)')
    .option('--max-ram <size>', 'RAM budget (default 250KB)')
    .option('--max-macs <count>', 'MACs budget (default 60M)')
    .action(async (given: string, o: { out: string; json?: boolean; db?: string; check?: boolean; maxFlash?: string; maxRam?: string; maxMacs?: string }) => {
      if (!o.out.endsWith('.html')) throw new UsageError(`--out: ${JSON.stringify(o.out)} must end in .html`, 'out', o.out);
      const path = resolve(o.out);
      checkOutputFile('out', path);
      const constraints = scorecardConstraints(o);
      const file = databasePath(o.db);
      let name: string;
      let html: string;
      if (isPostgresUrl(file)) {
        if (o.check) throw new UsageError('--check: applies to a SQLite file, not to a PostgreSQL database', 'check', true);
        const store = await openModelStore(file);
        try {
          name = await recordedNameIn(store.hasVariation, given, 'report');
          html = await renderReport(store, name, constraints);
        } finally {
          await store.close();
        }
      } else {
        const db = openModelDb(file, { readonly: true, create: false, check: o.check ?? false });
        try {
          name = recordedName(db, given, 'report');
          html = await renderReport(syncReads(db), name, constraints);
        } catch (e) {
          throw describeSqliteError(file, e);
        } finally {
          db.close();
        }
      }
      const bytes = writeOutputFile('out', path, html);
      ctx.io.out(o.json ? JSON.stringify({ name, path, bytes }) + '\n' : `wrote ${path} (${bytes.toLocaleString('en-US')} bytes, self-contained)\n`);
    });
}
