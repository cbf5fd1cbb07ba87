import type { ModelDb } from './database.js';

export { BOARD_MEASUREMENTS_MIGRATION } from './board-measurements-schema.js';

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
