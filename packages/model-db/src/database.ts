import Database from 'better-sqlite3';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';
import { MIGRATIONS } from './migrations.js';

/** An open model database. */
export type ModelDb = Database.Database;

/** The database cannot be opened or is newer than this code. */
export class ModelDbError extends CnnAnalyzerError {}

/** Schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Open (creating if needed) a model database and bring its schema up to date. WAL mode and a busy timeout
 * let several processes write at once; the upgrade runs in one transaction under the write lock.
 * `upTo` stops at an older schema version (for tests of upgrades).
 */
export function openModelDb(path: string, options: { upTo?: number } = {}): ModelDb {
  let db: ModelDb;
  try {
    db = new Database(path);
  } catch (e) {
    throw new ModelDbError(`model database ${JSON.stringify(path)}: ${(e as Error).message}`, 'db', path);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  const target = options.upTo ?? SCHEMA_VERSION;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    db.close();
    throw new ModelDbError(`model database ${JSON.stringify(path)}: schema version ${current} is newer than this CNN Analyzer (${SCHEMA_VERSION})`, 'db', path);
  }
  if (current < target) {
    // Upgrade under the write lock, re-reading the version there: another process may have opened the same new
    // file a moment earlier and migrated it already.
    db.transaction(() => {
      for (let v = db.pragma('user_version', { simple: true }) as number; v < target; v++) {
        db.exec(MIGRATIONS[v]!);
        db.pragma(`user_version = ${v + 1}`);
      }
    }).immediate();
  }
  return db;
}
