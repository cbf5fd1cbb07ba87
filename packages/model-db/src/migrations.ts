import { BOARD_MEASUREMENTS_MIGRATION } from './board-measurements-schema.js';
import { HOST_BENCHMARKS_MIGRATION } from './host-benchmarks-schema.js';
import { SEARCH_MIGRATION } from './search-migration.js';
import { ANALYSIS_EXTRAS_MIGRATION } from './analysis-extras-schema.js';
import { QUEUE_MIGRATION } from './queue-migration.js';

/** Schema migrations in order; migration i brings the database from user_version i to i + 1. */
export const MIGRATIONS: readonly string[] = [
  // v1: variations, their totals and layer tables
  `CREATE TABLE variations (
     name TEXT PRIMARY KEY,
     architecture TEXT NOT NULL,
     factors TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE metrics (
     name TEXT PRIMARY KEY REFERENCES variations(name) ON DELETE CASCADE,
     params INTEGER NOT NULL,
     macs INTEGER NOT NULL,
     flops INTEGER NOT NULL,
     model_size_bytes INTEGER,
     bytes_per_param REAL,
     peak_memory_bytes INTEGER,
     arena_bytes INTEGER
   );
   CREATE TABLE layers (
     name TEXT NOT NULL REFERENCES variations(name) ON DELETE CASCADE,
     idx INTEGER NOT NULL,
     layer TEXT NOT NULL,
     op TEXT NOT NULL,
     input_shape TEXT NOT NULL,
     output_shape TEXT NOT NULL,
     output_channels INTEGER NOT NULL,
     params INTEGER NOT NULL,
     macs INTEGER NOT NULL,
     flops INTEGER NOT NULL,
     activation_bytes INTEGER NOT NULL,
     latency_ms REAL,
     PRIMARY KEY (name, idx)
   );`,
  // v2: exports, memory plans, device fits and training runs
  `CREATE TABLE exports (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL REFERENCES variations(name) ON DELETE CASCADE,
     format TEXT NOT NULL,
     path TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     sha256 TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE memory_plans (
     name TEXT NOT NULL REFERENCES variations(name) ON DELETE CASCADE,
     ordering TEXT NOT NULL,
     peak_bytes INTEGER NOT NULL,
     peak_operator TEXT NOT NULL,
     arena_bytes INTEGER NOT NULL,
     PRIMARY KEY (name, ordering)
   );
   CREATE TABLE device_fits (
     name TEXT NOT NULL REFERENCES variations(name) ON DELETE CASCADE,
     device TEXT NOT NULL,
     runtime TEXT NOT NULL,
     latency_ms REAL NOT NULL,
     fits INTEGER NOT NULL,
     report TEXT NOT NULL,
     PRIMARY KEY (name, device, runtime)
   );
   CREATE TABLE training_runs (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL REFERENCES variations(name) ON DELETE CASCADE,
     started_at TEXT NOT NULL,
     epochs INTEGER,
     float_accuracy REAL,
     int8_accuracy REAL,
     notes TEXT
   );`,
  // v3: per-layer working memory; sweeps and their items (what a resumed sweep skips)
  `ALTER TABLE layers ADD COLUMN ram_bytes INTEGER;
   CREATE TABLE sweeps (
     id TEXT PRIMARY KEY,
     architecture TEXT NOT NULL,
     spec TEXT NOT NULL,
     total INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     finished_at TEXT
   );
   CREATE TABLE sweep_items (
     sweep_id TEXT NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
     name TEXT NOT NULL,
     factors TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pass', 'reject', 'error')),
     reason TEXT,
     PRIMARY KEY (sweep_id, name)
   );`,
  // training runs made by `train`: hyper-parameters, backend, seed, curves and file paths as JSON (null for log-training)
  `ALTER TABLE training_runs ADD COLUMN details TEXT;`,
  // host benchmarks
  HOST_BENCHMARKS_MIGRATION,
  // board measurements
  BOARD_MEASUREMENTS_MIGRATION,
  // factor searches and their evaluations
  SEARCH_MIGRATION,
  // what an analysis reports beyond the totals: deployed operators, scaling factors, latency interval, arena, size
  ANALYSIS_EXTRAS_MIGRATION,
  // results of queued jobs (what makes a job run twice record once)
  QUEUE_MIGRATION,
];
