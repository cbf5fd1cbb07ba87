import { UsageError } from './usage-error.js';

/**
 * One inference a board reported over serial: its operators' cycles in execution order and the total. The board
 * prints JSON lines (see docs: `{"event":"start","model":"<sha256>","clock_hz":N}`, then one
 * `{"event":"op","index":i,"op":"CONV_2D","cycles":N}` per operator, then `{"event":"end","cycles":N}`).
 */
export interface BoardRun {
  readonly model: string;
  readonly clockHz: number;
  readonly ops: readonly { readonly index: number; readonly op: string; readonly cycles: number }[];
  readonly totalCycles: number;
}

/** What a session's lines held: the complete runs, and what was skipped. */
export interface BoardSession {
  readonly runs: readonly BoardRun[];
  /** Lines that were not JSON objects of the protocol (boot banners, noise). */
  readonly garbageLines: number;
  /** Runs cut short by a new `start` (a reset mid-run) or by the end of the input: not recorded. */
  readonly incompleteRuns: number;
}

type Line = { event?: unknown; model?: unknown; clock_hz?: unknown; index?: unknown; op?: unknown; cycles?: unknown };

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Incremental reader of a board session. `push` one line at a time; a `start` naming another model than
 * `expectedModel` throws (naming both), so nothing of a wrong model is ever recorded.
 */
export class BoardSessionReader {
  private readonly runs: BoardRun[] = [];
  private garbage = 0;
  private incomplete = 0;
  private current: { model: string; clockHz: number; ops: { index: number; op: string; cycles: number }[] } | undefined;

  constructor(private readonly expectedModel: string, private readonly modelName: string) {}

  /** Complete runs so far. */
  get completed(): number {
    return this.runs.length;
  }

  push(raw: string): void {
    let line: Line;
    try {
      const parsed: unknown = JSON.parse(raw.trim());
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      line = parsed as Line;
    } catch {
      if (raw.trim() !== '') this.garbage++;
      return;
    }
    if (line.event === 'start') {
      if (typeof line.model !== 'string' || !isCount(line.clock_hz)) return void this.garbage++;
      if (line.model !== this.expectedModel) {
        throw new UsageError(`measure: the board runs model ${line.model.slice(0, 12)}…, not ${this.modelName} (${this.expectedModel.slice(0, 12)}…): deploy this model first`, 'model', line.model);
      }
      if (this.current) this.incomplete++;
      this.current = { model: line.model, clockHz: line.clock_hz, ops: [] };
    } else if (line.event === 'op') {
      if (!this.current || !isCount(line.index) || typeof line.op !== 'string' || !isCount(line.cycles) || line.index !== this.current.ops.length) return void this.garbage++;
      this.current.ops.push({ index: line.index, op: line.op, cycles: line.cycles });
    } else if (line.event === 'end') {
      if (!this.current || !isCount(line.cycles)) return void this.garbage++;
      this.runs.push({ ...this.current, totalCycles: line.cycles });
      this.current = undefined;
    } else this.garbage++;
  }

  /** The session as read; an unfinished run counts as incomplete. */
  finish(): BoardSession {
    return { runs: [...this.runs], garbageLines: this.garbage, incompleteRuns: this.incomplete + (this.current ? 1 : 0) };
  }
}
