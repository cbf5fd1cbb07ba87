import { describeSqliteError, isPostgresUrl, openModelDb, redactDbUrl, wasCreated, type ModelDb } from '@cnn-analyzer/model-db';
import { UsageError } from './usage-error.js';
import { processIo, type Io } from './io.js';

/** The model database a command uses: `--db`, else `$CNN_ANALYZER_DB`, else `./cnn-analyzer.db`. */
export function databasePath(flag: string | undefined): string {
  return flag ?? process.env.CNN_ANALYZER_DB ?? 'cnn-analyzer.db';
}

/** How a command uses the database. */
export interface DatabaseUse {
  /** Only reads: opened read-only (works on a read-only file), a missing file is an error unless `create`. */
  readonly readonly?: boolean;
  /** Create a missing file. @default true for writes, false for reads */
  readonly create?: boolean;
  /** Full integrity check first (`--check`). */
  readonly check?: boolean;
  /** Where the "created a new database" note goes. @default the process' stderr */
  readonly io?: Io;
}

/**
 * Run `fn` with the database open, closing it afterwards. A new file is announced on stderr (a mistyped `--db`
 * would otherwise go unnoticed); SQLite failures (read-only, damaged, full disk) become one line naming the file.
 */
export function withDatabase<T>(flag: string | undefined, fn: (db: ModelDb) => T, use: DatabaseUse = {}): T {
  const path = databasePath(flag);
  if (isPostgresUrl(path)) {
    throw new UsageError(`--db: ${redactDbUrl(path)}: this command takes a SQLite file; on PostgreSQL, list, show, compare, report and dashboard read and the queue's workers write (sweep/train/optimize --queue)`, 'db', redactDbUrl(path));
  }
  const db = openModelDb(path, { readonly: use.readonly ?? false, create: use.create ?? !use.readonly, check: use.check ?? false });
  if (wasCreated(db)) (use.io ?? processIo).err(`note: created a new model database ${path}\n`);
  try {
    return fn(db);
  } catch (e) {
    throw describeSqliteError(path, e);
  } finally {
    db.close();
  }
}

/** The `--db`, `--check` (and, for commands that may start a database, `--create`) flags' help texts. */
export const DB_HELP = {
  db: 'model database (default: $CNN_ANALYZER_DB or ./cnn-analyzer.db)',
  check: 'run SQLite\'s full integrity check on the database first',
  create: 'start a new, empty database when the file does not exist (otherwise a missing file is an error)',
} as const;
