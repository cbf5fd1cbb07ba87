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
import { registerOptimize } from './commands/optimize.js';
import type { CommandContext } from './commands/context.js';

/** Every command, each registering itself on the program. */
const COMMANDS: readonly ((program: Command, ctx: CommandContext) => void)[] = [registerAnalyze, registerArchitectures, registerDevices, registerMemory, registerExport, registerDeploy, registerDbCommands, registerSweep, registerDashboard, registerLogTraining, registerOptimize];

/** Build the commander program; output goes to `io`, nothing calls process.exit. */
export function createProgram(io: Io = processIo): Command {
  const program = new Command('cnn-analyzer')
    .description('Scale convolutional networks down to microcontrollers: layer-wise params, MACs, memory; int8 export.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  const ctx: CommandContext = { io };
  for (const register of COMMANDS) register(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  return program;
}

/**
 * Run the CLI on `argv` (without `node` and the script). Returns the exit code:
 * 0 success, 2 bad input (one line on stderr naming the field and value), 1 anything else.
 */
export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = createProgram(io);
  try {
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
    io.err(`cnn-analyzer: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.failure;
  }
}
