import { Command, CommanderError } from 'commander';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import { processIo, type Io } from './io.js';
import { EXIT, InterruptedError } from './usage-error.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerArchitectures } from './commands/architectures.js';
import { registerDevices } from './commands/devices.js';
import { registerMemory } from './commands/memory.js';
import { registerExport } from './commands/export.js';
import { registerDeploy } from './commands/deploy.js';
import { registerDbCommands } from './commands/db-commands.js';
import { registerSweep } from './commands/sweep.js';
import { registerDashboard } from './commands/dashboard.js';
import { registerLogTraining } from './commands/log-training.js';
import { registerTrain } from './commands/train.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerBenchmark } from './commands/benchmark.js';
import { registerMeasure } from './commands/measure.js';
import { registerCalibrate } from './commands/calibrate.js';
import { registerOptimize } from './commands/optimize.js';
import { registerWeb } from './commands/web.js';
import { registerWorker } from './commands/worker.js';
import { registerJobs } from './commands/jobs.js';
import type { CommandContext } from './commands/context.js';
import { loadPlugins } from './plugins/load.js';
import { activePlugins, usePlugins, type PluginRegistry } from './plugins/registry.js';
import { quietTfjs } from './quiet-tfjs.js';

/** Every command, each registering itself on the program. */
const COMMANDS: readonly ((program: Command, ctx: CommandContext) => void)[] = [registerAnalyze, registerArchitectures, registerDevices, registerMemory, registerExport, registerDeploy, registerDbCommands, registerSweep, registerDashboard, registerLogTraining, registerTrain, registerEvaluate, registerBenchmark, registerMeasure, registerCalibrate, registerOptimize, registerWeb, registerWorker, registerJobs];

/** Build the commander program for the plugins in use; output goes to `io`, nothing calls process.exit. */
export function createProgram(io: Io = processIo): Command {
  quietTfjs();
  const program = new Command('cnn-analyzer')
    .description('Scale convolutional networks down to microcontrollers: layer-wise params, MACs, memory; int8 export.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .addHelpText('after', '\nUnits: sizes are bytes; KB = 1024 bytes and MB = 1024 KB (250KB is 256,000 bytes); counts take k = 10^3 and M = 10^6 (60M MACs).');
  const ctx: CommandContext = { io, plugins: activePlugins() };
  for (const register of COMMANDS) register(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  return program;
}

/** Where a run finds its plugins. */
export interface RunOptions {
  /** Folder the plugin configuration is searched from (then its parents). @default process.cwd() */
  readonly cwd?: string;
  /** Use these plugins instead of searching for a configuration. */
  readonly plugins?: PluginRegistry;
}

/**
 * Run the CLI on `argv` (without `node` and the script). Returns the exit code:
 * 0 success, 2 bad input (one line on stderr naming the field and value), 1 anything else.
 * The plugins come from the nearest `cnn-analyzer.config.{json,js,mjs}` (or package.json's `cnn-analyzer`
 * key) added to the built-in ones.
 */
export async function run(argv: readonly string[], io: Io = processIo, options: RunOptions = {}): Promise<number> {
  try {
    usePlugins(options.plugins ?? (await loadPlugins(options.cwd ?? process.cwd())));
    const program = createProgram(io);
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage; // commander already printed its one-line error
    }
    if (e instanceof InterruptedError) {
      io.err(`interrupted: ${e.message}\n`);
      return EXIT.interrupted;
    }
    if (e instanceof CnnAnalyzerError) {
      io.err(`error: ${e.message}\n`);
      return EXIT.usage;
    }
    const code = (e as { code?: unknown } | null)?.code;
    if (e instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_')) {
      io.err(`error: model database: ${e.message} (${code})\n`); // a database fault outside withDatabase
      return EXIT.usage;
    }
    const fsCode = typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
    if (e instanceof Error && fsCode && 'path' in e) {
      io.err(`error: ${String((e as NodeJS.ErrnoException).path)}: ${fsCode} (${e.message.split('\n')[0]})\n`); // a file-system fault while writing
      return EXIT.usage;
    }
    io.err(`cnn-analyzer: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.failure;
  }
}
