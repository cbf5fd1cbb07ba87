import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { renderReport, startDashboard, DEFAULT_CONSTRAINTS, type ScorecardConstraints } from '@cnn-analyzer/dashboard';
import { parseConstraints } from '../constraints.js';
import { databasePath, withDatabase } from '../database-option.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

function parsePort(raw: string): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new UsageError(`--port: ${JSON.stringify(raw)} is not a port number (0 to 65535)`, 'port', raw);
  return Number(raw);
}

/** The scorecard's budgets from --max-flash/--max-ram/--max-macs, defaulting to MISSION.md's. */
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
    .summary('serve the model database as a local web app (scorecards, comparison view)')
    .description('Serve a web app over the model database on 127.0.0.1: a comparison view of every variation with the\nconstraint lines drawn, and a scorecard per variation. Stops on Ctrl-C.')
    .option('--db <file>', 'model database (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--port <port>', 'TCP port (0: any free port)', '8417')
    .option('--host <host>', 'interface to bind; anything but loopback exposes your database to the network', '127.0.0.1')
    .action(async (o: { db?: string; port: string; host: string }) => {
      const port = parsePort(o.port);
      if (!LOOPBACK.includes(o.host)) ctx.io.err(`warning: --host ${o.host} serves the dashboard beyond this machine\n`);
      const server = await startDashboard({ dbPath: databasePath(o.db), host: o.host, port });
      ctx.io.out(`CNN Analyzer dashboard: ${server.url}  (database ${databasePath(o.db)}; Ctrl-C stops it)\n`);
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
    .argument('<name>', 'compound name of a recorded variation')
    .requiredOption('--out <file.html>', 'the HTML file to write')
    .option('--db <file>', 'model database (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--max-flash <size>', 'flash budget the checks use (default 250KB)')
    .option('--max-ram <size>', 'RAM budget (default 250KB)')
    .option('--max-macs <count>', 'MACs budget (default 60M)')
    .action((name: string, o: { out: string; db?: string; maxFlash?: string; maxRam?: string; maxMacs?: string }) => {
      if (!o.out.endsWith('.html')) throw new UsageError(`--out: ${JSON.stringify(o.out)} must end in .html`, 'out', o.out);
      const html = withDatabase(o.db, (db) => renderReport(db, name, scorecardConstraints(o)));
      const path = resolve(o.out);
      writeFileSync(path, html);
      ctx.io.out(`wrote ${path} (${html.length.toLocaleString('en-US')} bytes, self-contained)\n`);
    });
}
