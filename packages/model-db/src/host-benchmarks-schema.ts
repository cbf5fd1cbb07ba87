/**
 * Schema of host benchmarks (the study's "x86 CPU" column): one row per timed run of a variation's int8 .tflite in
 * TensorFlow Lite on this machine, and its per-operator profile. Meant as schema version 6 (after v4 and v5 of the
 * other tables); written so that applying it twice does nothing.
 */
export const HOST_BENCHMARKS_MIGRATION = `CREATE TABLE IF NOT EXISTS host_benchmarks (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL,
     runtime TEXT NOT NULL,
     threads INTEGER NOT NULL,
     warmup INTEGER NOT NULL,
     repeats INTEGER NOT NULL,
     median_ms REAL NOT NULL,
     min_ms REAL NOT NULL,
     max_ms REAL NOT NULL,
     model_sha256 TEXT NOT NULL,
     host TEXT NOT NULL,
     measured_at TEXT NOT NULL
   );
   CREATE TABLE IF NOT EXISTS host_benchmark_ops (
     benchmark_id INTEGER NOT NULL REFERENCES host_benchmarks(id) ON DELETE CASCADE,
     idx INTEGER NOT NULL,
     op TEXT NOT NULL,
     node TEXT NOT NULL,
     avg_ms REAL NOT NULL,
     PRIMARY KEY (benchmark_id, idx)
   );
   CREATE INDEX IF NOT EXISTS host_benchmarks_name ON host_benchmarks(name);`;
