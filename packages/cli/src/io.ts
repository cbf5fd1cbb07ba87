/** Where a command writes. Tests pass a capturing implementation. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (colors, progress bars). */
  readonly isTTY: boolean;
  /** True when stderr is a terminal (progress redrawn in place). */
  readonly errIsTTY?: boolean;
}

/** The process' own stdout and stderr. */
export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  errIsTTY: Boolean(process.stderr.isTTY),
};

/** An Io that keeps everything written, for tests and embedding. */
export function captureIo(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTTY: false,
    stdout: () => out,
    stderr: () => err,
  };
}
