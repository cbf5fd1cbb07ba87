import { SingleBar } from 'cli-progress';
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

/** The bar's tokens besides `{bar}`, `{value}`, `{total}`: rate and ETA count only this run's work, not the resumed part. */
function payload(p: SweepProgress): Record<string, string | number> {
  const finished = finishedOf(p);
  const rate = p.elapsedMs > 0 ? (finished - p.resumed) / (p.elapsedMs / 1000) : 0;
  const eta = finished === p.total ? '0s' : rate > 0 ? formatDuration(((p.total - finished) / rate) * 1000) : '?';
  return { percent: (p.total === 0 ? 100 : (finished / p.total) * 100).toFixed(0).padStart(3), rate: rate.toFixed(1), etaText: eta, pass: p.pass, reject: p.reject, error: p.error };
}

const FORMAT = 'sweep [{bar}] {value}/{total} {percent}%  {rate}/s  ETA {etaText}  pass {pass} reject {reject} error {error}';

/** The progress reporter of a sweep. */
export interface ProgressReporter {
  update(p: SweepProgress): void;
  /** Draw the final state and release the terminal. */
  end(p: SweepProgress): void;
  /** Release the terminal after a failure (draws the last state once); safe to call after `end`. */
  stop(): void;
}

/**
 * A progress bar on stderr (cli-progress): redrawn in place on a terminal, otherwise a line at most every
 * `intervalMs` (and always the last one), so logs of long sweeps stay readable.
 */
export function progressReporter(io: Io, options: { intervalMs?: number; quiet?: boolean } = {}): ProgressReporter {
  if (options.quiet) return { update() {}, end() {}, stop() {} };
  const tty = io.errIsTTY ?? false;
  const stream = { isTTY: tty, columns: 200, write: (s: string): boolean => (io.err(s), true) } as unknown as NodeJS.WriteStream;
  const bar = new SingleBar({
    format: FORMAT,
    barsize: 24,
    barCompleteChar: '#',
    barIncompleteChar: '-',
    stream,
    noTTYOutput: true,
    notTTYSchedule: options.intervalMs ?? 2000,
    hideCursor: false,
    gracefulExit: false,
    linewrap: true,
    // a log (not a terminal) already ends each line; a terminal keeps the last bar and moves below it
    clearOnComplete: !tty,
  });
  let started = false;
  return {
    update(p) {
      const finished = finishedOf(p);
      if (!started) {
        bar.start(p.total, finished, payload(p));
        started = true;
      } else bar.update(finished, payload(p));
    },
    end(p) {
      this.update(p);
      bar.stop();
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
