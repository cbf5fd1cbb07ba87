import type { Io } from '../io.js';

/** What every command gets besides its arguments. */
export interface CommandContext {
  readonly io: Io;
}
