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
