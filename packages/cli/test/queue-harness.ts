/** Helpers of the queue tests: the built CLI as child processes, killed when the test file ends. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../bin/cnn-analyzer.js', import.meta.url));

/** A running CLI process and what it printed so far. */
export interface CliProcess {
  readonly child: ChildProcess;
  out(): string;
  err(): string;
  /** Exit code (null when killed) and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of started) c.kill('SIGKILL');
});

/** Start `cnn-analyzer …args`. */
export function cli(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  started.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      started.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, out: () => out, err: () => err, exited };
}

/** SIGKILL every process started here that is still running, and wait for them. */
export async function killAll(): Promise<void> {
  const left = [...started];
  for (const c of left) c.kill('SIGKILL');
  await Promise.all(left.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('close', r)))));
}

/** A worker, resolved once it has said it is taking jobs. */
export async function startWorker(args: readonly string[], waitFor: (what: string, probe: () => boolean, timeoutMs?: number) => Promise<void>): Promise<CliProcess> {
  const w = cli(['worker', ...args]);
  await waitFor('a worker to start', () => /worker on redis:/.test(w.err()) || w.child.exitCode !== null, 180_000);
  if (w.child.exitCode !== null) throw new Error(`worker exited: ${w.err()}`);
  return w;
}
