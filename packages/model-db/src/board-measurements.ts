import type { ModelDb } from './database.js';

/** Schema of measurements read from a board (per-operator cycles of whole inferences). Idempotent. */
export const BOARD_MEASUREMENTS_MIGRATION = `CREATE TABLE IF NOT EXISTS board_runs (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL,
     device TEXT NOT NULL,
     runtime TEXT NOT NULL,
     model_sha256 TEXT NOT NULL,
     clock_hz INTEGER NOT NULL,
     total_cycles INTEGER NOT NULL,
     measured_at TEXT NOT NULL
   );
   CREATE TABLE IF NOT EXISTS board_run_ops (
     run_id INTEGER NOT NULL REFERENCES board_runs(id) ON DELETE CASCADE,
     idx INTEGER NOT NULL,
     op TEXT NOT NULL,
     cycles INTEGER NOT NULL,
     PRIMARY KEY (run_id, idx)
   );
   CREATE INDEX IF NOT EXISTS board_runs_device ON board_runs(device, runtime);`;

/** One measured inference. */
export interface BoardRunRecord {
  readonly name: string;
  readonly device: string;
  readonly runtime: string;
  readonly modelSha256: string;
  readonly clockHz: number;
  readonly totalCycles: number;
  readonly ops: readonly { readonly op: string; readonly cycles: number }[];
}

/** Record measured runs in one transaction (all or none); returns their ids. */
export function recordBoardRuns(db: ModelDb, runs: readonly BoardRunRecord[], measuredAt: Date = new Date()): number[] {
  return db.transaction(() =>
    runs.map((r) => {
      const id = Number(
        db
          .prepare('INSERT INTO board_runs (name, device, runtime, model_sha256, clock_hz, total_cycles, measured_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(r.name, r.device, r.runtime, r.modelSha256, r.clockHz, r.totalCycles, measuredAt.toISOString()).lastInsertRowid,
      );
      const op = db.prepare('INSERT INTO board_run_ops (run_id, idx, op, cycles) VALUES (?, ?, ?, ?)');
      r.ops.forEach((o, i) => op.run(id, i, o.op, o.cycles));
      return id;
    }),
  )();
}

/** Measured runs on a board (optionally of one runtime), oldest first, with their operators. */
export function boardRuns(db: ModelDb, device: string, runtime?: string): (BoardRunRecord & { readonly id: number })[] {
  const rows = (runtime === undefined
    ? db.prepare('SELECT * FROM board_runs WHERE device = ? ORDER BY id').all(device)
    : db.prepare('SELECT * FROM board_runs WHERE device = ? AND runtime = ? ORDER BY id').all(device, runtime)) as Record<string, string | number>[];
  const ops = db.prepare('SELECT op, cycles FROM board_run_ops WHERE run_id = ? ORDER BY idx');
  return rows.map((r) => ({
    id: Number(r.id),
    name: String(r.name),
    device: String(r.device),
    runtime: String(r.runtime),
    modelSha256: String(r.model_sha256),
    clockHz: Number(r.clock_hz),
    totalCycles: Number(r.total_cycles),
    ops: ops.all(r.id) as { op: string; cycles: number }[],
  }));
}
