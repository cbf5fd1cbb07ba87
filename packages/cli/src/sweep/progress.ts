import type { Io } from '../io.js';

/** Counts a sweep reports as it goes. */
export interface SweepProgress {
  readonly total: number;
  /** Finished before this run started (a resumed sweep). */
  readonly resumed: number;
  readonly pass: number;
  readonly reject: number;
  readonly error: number;
  readonly elapsedMs: number;
}

const finishedOf = (p: SweepProgress): number => p.resumed + p.pass + p.reject + p.error;

/** `1m07s`, `42s`, `2h03m`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One progress line: bar, count, percent, rate, ETA and the outcome counts. */
export function progressLine(p: SweepProgress, width = 24): string {
  const finished = finishedOf(p);
  const fraction = p.total === 0 ? 1 : finished / p.total;
  const filled = Math.round(fraction * width);
  const doneThisRun = finished - p.resumed;
  const rate = p.elapsedMs > 0 ? doneThisRun / (p.elapsedMs / 1000) : 0;
  const eta = rate > 0 ? formatDuration(((p.total - finished) / rate) * 1000) : '?';
  return (
    `sweep [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${p.total} ${(fraction * 100).toFixed(0).padStart(3)}%` +
    `  ${rate.toFixed(1)}/s  ETA ${finished === p.total ? '0s' : eta}  pass ${p.pass} reject ${p.reject} error ${p.error}`
  );
}

/**
 * A progress reporter on stderr: redrawn in place on a terminal, otherwise a line at most every
 * `intervalMs` (and always the last one), so logs of long sweeps stay readable.
 */
export function progressReporter(io: Io, options: { intervalMs?: number; quiet?: boolean } = {}): { update(p: SweepProgress): void; end(p: SweepProgress): void } {
  const tty = io.errIsTTY ?? false;
  const interval = options.intervalMs ?? 2000;
  let last = -Infinity;
  return {
    update(p) {
      if (options.quiet) return;
      const now = p.elapsedMs;
      if (tty) io.err(`\r\x1b[2K${progressLine(p)}`);
      else if (now - last >= interval) {
        io.err(`${progressLine(p)}\n`);
        last = now;
      }
    },
    end(p) {
      if (options.quiet) return;
      io.err(tty ? `\r\x1b[2K${progressLine(p)}\n` : `${progressLine(p)}\n`);
    },
  };
}
