/**
 * Schema of what an analysis reports beyond the totals and layer table: the deployed operators, which factors scale
 * each layer, the memory summary, the latency interval, the deployment footprint (TFLM arena head/tail) and the model
 * file's size breakdown — one JSON document per variation and board (`''` without one). Applying it twice does nothing.
 */
export const ANALYSIS_EXTRAS_MIGRATION = `CREATE TABLE IF NOT EXISTS analysis_extras (
     name TEXT NOT NULL REFERENCES variations(name) ON DELETE CASCADE,
     device TEXT NOT NULL,
     report TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     PRIMARY KEY (name, device)
   );`;
