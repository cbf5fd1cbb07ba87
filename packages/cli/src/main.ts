import { run } from './program.js';

/** Entry point used by `bin/cnn-analyzer.js`. */
export async function main(argv: readonly string[]): Promise<number> {
  return run(argv);
}
