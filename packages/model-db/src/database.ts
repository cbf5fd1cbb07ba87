import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { MIGRATIONS } from './migrations.js';
import { describeSqliteError, inspectDbFile, isReadOnlyError, ModelDbError } from './file-check.js';

export { ModelDbError } from './file-check.js';

/** An open model database. */
export type ModelDb = Database.Database;

/** Schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Files up to this size get SQLite's `quick_check` at every open (a few ms); larger ones only with `check`. */
export const QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024;

/** How to open a model database. */
export interface OpenModelDbOptions {
  /** Stop the upgrade at this older schema version (for tests of upgrades). */
  readonly upTo?: number;
  /**
   * Open for reading only: no WAL switch, nothing written, so a read-only file or folder works.
   * A new, empty or older-schema file is still created or upgraded (which needs write access). @default false
   */
  readonly readonly?: boolean;
  /** Create the file when it is missing; when false a missing file is an error naming it. @default true */
  readonly create?: boolean;
  /** Run SQLite's full `integrity_check` (every page and index) before use. @default false */
  readonly check?: boolean;
}

/** Whether the last {@link openModelDb} of a path created its file (the CLI says so). */
const created = new WeakSet<ModelDb>();

/** True when `db` was opened on a file that did not exist before. */
export function wasCreated(db: ModelDb): boolean {
  return created.has(db);
}

/**
 * Open an existing file read-only. A WAL-mode file in a folder the process cannot write needs a `-shm` file that
 * cannot be made there; then a copy of the file is read into memory (header switched to the rollback journal,
 * which an in-memory copy needs) and opened read-only. Nothing can change the file from here in that case anyway.
 */
function openReadOnly(path: string): ModelDb {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('user_version', { simple: true });
    return db;
  } catch (e) {
    db.close();
    const code = String((e as { code?: unknown }).code);
    if (code !== 'SQLITE_READONLY_DIRECTORY' && code !== 'SQLITE_CANTOPEN' && !code.startsWith('SQLITE_READONLY')) throw e;
    const copy = readFileSync(path);
    copy[18] = 1; // file format write version: 1 = rollback journal, 2 = WAL
    copy[19] = 1; // read version
    return new Database(copy, { readonly: true });
  }
}

function verify(db: ModelDb, path: string, full: boolean, size: number): void {
  if (!full && size > QUICK_CHECK_MAX_BYTES) return;
  const rows = db.pragma(full ? 'integrity_check(20)' : 'quick_check(1)') as Record<string, string>[];
  const problems = rows.map((r) => String(Object.values(r)[0]).replace(/\*\*\* in database \w+ \*\*\*/g, '').replace(/\s+/g, ' ').trim()).filter((v) => v !== 'ok');
  if (problems.length > 0) throw new ModelDbError(`model database ${JSON.stringify(path)}: is damaged (${problems[0]}); restore it from a copy or start a new one`, 'db', path);
}

function migrate(db: ModelDb, path: string, target: number): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new ModelDbError(`model database ${JSON.stringify(path)}: schema version ${current} is newer than this CNN Analyzer (${SCHEMA_VERSION})`, 'db', path);
  }
  if (current >= target) return;
  // Upgrade under the write lock, re-reading the version there: another process may have opened the same new
  // file a moment earlier and migrated it already.
  db.transaction(() => {
    for (let v = db.pragma('user_version', { simple: true }) as number; v < target; v++) {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}

/**
 * Open a model database and bring its schema up to date. The file is looked at first: a directory, a device, a
 * non-SQLite or truncated file is refused with its name, and SQLite's quick check runs on files up to
 * {@link QUICK_CHECK_MAX_BYTES} (the full integrity check with `check`). For writing, WAL mode and a busy timeout
 * let several processes write at once; a read-only file fails with one line saying so. `readonly` opens without
 * writing anything, so reads work on a read-only file.
 */
export function openModelDb(path: string, options: OpenModelDbOptions = {}): ModelDb {
  const memory = path === ':memory:' || path === '';
  const state = memory ? 'missing' : inspectDbFile(path);
  if (state === 'missing' && !memory && options.create === false) {
    throw new ModelDbError(`model database ${JSON.stringify(path)}: no such file (check --db or $CNN_ANALYZER_DB; --create starts a new one)`, 'db', path);
  }
  const target = options.upTo ?? SCHEMA_VERSION;
  let db: ModelDb;
  try {
    db = options.readonly && state === 'sqlite' ? openReadOnly(path) : new Database(path);
  } catch (e) {
    const wrapped = describeSqliteError(path, e);
    throw wrapped instanceof ModelDbError ? wrapped : new ModelDbError(`model database ${JSON.stringify(path)}: ${(e as Error).message}`, 'db', path);
  }
  try {
    db.pragma('busy_timeout = 10000');
    if (state === 'sqlite') verify(db, path, options.check ?? false, memory ? 0 : (db.prepare('PRAGMA page_count').pluck().get() as number) * (db.prepare('PRAGMA page_size').pluck().get() as number));
    if (db.readonly) {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version < target) {
        db.close();
        return openModelDb(path, { ...options, readonly: false }); // the upgrade needs a writable handle
      }
      if (version > SCHEMA_VERSION) migrate(db, path, target); // throws: newer than this code
      db.pragma('foreign_keys = ON');
      return db;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path, target);
  } catch (e) {
    db.close();
    if (isReadOnlyError(e)) {
      throw new ModelDbError(`model database ${JSON.stringify(path)}: is read-only, so nothing can be recorded (use --no-db, or a writable --db)`, 'db', path);
    }
    throw describeSqliteError(path, e);
  }
  if (state === 'missing' || state === 'empty') created.add(db);
  return db;
}
