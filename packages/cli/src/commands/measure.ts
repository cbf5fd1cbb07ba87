import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { ReadlineParser, SerialPort } from 'serialport';
import { recordBoardRuns } from '@cnn-analyzer/model-db';
import { withDatabase } from '../database-option.js';
import { requireDevice } from '../devices.js';
import { BoardSessionReader, type BoardSession } from '../board-session.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './context.js';

interface MeasureOptions {
  device?: string;
  runtime?: string;
  port?: string;
  baud: string;
  runs: string;
  timeout: string;
  json?: boolean;
  db?: string | false;
}

/** Read lines from a serial port until `runs` complete runs arrived or `timeoutMs` passed. */
function readSession(path: string, baudRate: number, reader: BoardSessionReader, runs: number, timeoutMs: number): Promise<BoardSession> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    let done = false;
    const finish = (err?: unknown): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const close = (): void => (err ? reject(err) : resolve(reader.finish()));
      if (port.isOpen) port.close(() => close());
      else close();
    };
    const timer = setTimeout(() => finish(), timeoutMs);
    port.pipe(new ReadlineParser({ delimiter: '\n' })).on('data', (line: string) => {
      try {
        reader.push(line);
        if (reader.completed >= runs) finish();
      } catch (e) {
        finish(e);
      }
    });
    port.on('error', (e) => finish(new UsageError(`--port: ${path}: ${e.message}`, 'port', path)));
    port.open((e) => {
      if (e) finish(new UsageError(`--port: cannot open ${JSON.stringify(path)} (${e.message})`, 'port', path));
    });
  });
}

/** `cnn-analyzer measure <model.tflite> --device <board> --port <tty> [--runs n]` */
export function registerMeasure(program: Command, ctx: CommandContext): void {
  program
    .command('measure')
    .summary('read per-operator cycles a deployed board prints over serial and record them')
    .description(
      'Read the JSON lines a project from `cnn-analyzer deploy` prints over serial: {"event":"start","model":"<sha256>", ' +
        '"clock_hz":N}, one {"event":"op","index":i,"op":"CONV_2D","cycles":N} per operator, {"event":"end","cycles":N}.\n' +
        'Checks the model hash against the .tflite given, skips noise and runs cut by a reset, and records the ' +
        'complete runs in the model database (all at once, at the end).',
    )
    .argument('<model>', 'the .tflite file deployed on the board')
    .option('--device <board>', 'the board (required)')
    .option('--runtime <runtime>', 'the runtime the project runs (default: the board\'s first)')
    .option('--port <tty>', 'serial port, e.g. /dev/ttyACM0 (required)')
    .option('--baud <n>', 'baud rate', '115200')
    .option('--runs <n>', 'complete runs to read', '5')
    .option('--timeout <s>', 'give up after this many seconds', '60')
    .option('--json', 'print what was read as JSON')
    .option('--db <file>', 'model database (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)')
    .option('--no-db', 'do not record')
    .action(async (model: string, opts: MeasureOptions) => {
      if (!opts.device) throw new UsageError('--device: the board is required', 'device', undefined);
      if (!opts.port) throw new UsageError('--port: the serial port is required', 'port', undefined);
      const device = requireDevice(opts.device);
      const runtime = device.latencyModel(opts.runtime).runtime;
      const int = (flag: string, raw: string): number => {
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag}: must be a positive integer (got ${JSON.stringify(raw)})`, flag, raw);
        return n;
      };
      const [baud, runs, timeout] = [int('baud', opts.baud), int('runs', opts.runs), int('timeout', opts.timeout)];
      if (!model.endsWith('.tflite')) throw new UsageError(`model: must be the deployed .tflite file (got ${JSON.stringify(model)})`, 'model', model);
      let bytes: Buffer;
      try {
        bytes = readFileSync(model);
      } catch {
        throw new UsageError(`model: cannot read ${JSON.stringify(model)}`, 'model', model);
      }
      const name = basename(model, '.tflite');
      const sha = createHash('sha256').update(bytes).digest('hex');
      const session = await readSession(opts.port, baud, new BoardSessionReader(sha, name), runs, timeout * 1000);
      if (session.runs.length === 0) throw new UsageError(`measure: no complete run from ${opts.port} in ${timeout} s (${session.garbageLines} other lines, ${session.incompleteRuns} cut-short runs)`, 'port', opts.port);
      const records = session.runs.map((r) => ({ name, device: device.name, runtime, modelSha256: sha, clockHz: r.clockHz, totalCycles: r.totalCycles, ops: r.ops.map((o) => ({ op: o.op, cycles: o.cycles })) }));
      if (opts.db !== false) withDatabase(opts.db, (db) => recordBoardRuns(db, records));
      const ms = session.runs.map((r) => (r.totalCycles / r.clockHz) * 1000);
      if (opts.json) ctx.io.out(JSON.stringify({ name, device: device.name, runtime, modelSha256: sha, runs: session.runs, garbageLines: session.garbageLines, incompleteRuns: session.incompleteRuns }, null, 2) + '\n');
      else
        ctx.io.out(
          `${name} on ${device.name} (${runtime}): ${session.runs.length} runs, ${Math.min(...ms).toFixed(3)}–${Math.max(...ms).toFixed(3)} ms, ` +
            `${session.runs[0]!.ops.length} operators; skipped ${session.garbageLines} other lines and ${session.incompleteRuns} cut-short runs\n`,
        );
    });
}
