import { captureIo } from './io.js';
import { run } from './program.js';

/** Run the CLI in-process and capture its exit code, stdout and stderr (for tests and embedding). */
export async function runCaptured(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}
