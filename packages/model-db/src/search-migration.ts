/**
 * Migration 7 (issue #15): factor searches and their evaluations. Written with IF NOT EXISTS so it applies at any
 * position of the migration list (migrations 4–6 land from other branches).
 */
export const SEARCH_MIGRATION = `CREATE TABLE IF NOT EXISTS searches (
     id TEXT PRIMARY KEY,
     architecture TEXT NOT NULL,
     spec TEXT NOT NULL,
     created_at TEXT NOT NULL,
     finished_at TEXT,
     result TEXT
   );
   CREATE TABLE IF NOT EXISTS search_evaluations (
     search_id TEXT NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     name TEXT NOT NULL,
     pass INTEGER NOT NULL CHECK (pass IN (0, 1)),
     evaluation TEXT NOT NULL,
     PRIMARY KEY (search_id, name)
   );`;
