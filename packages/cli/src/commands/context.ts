import type { Io } from '../io.js';
import type { PluginRegistry } from '../plugins/registry.js';

/** What every command gets besides its arguments. */
export interface CommandContext {
  readonly io: Io;
  /** The architecture and board plugins of this run (built-in plus configured). */
  readonly plugins: PluginRegistry;
}
