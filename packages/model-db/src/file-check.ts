import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { CnnAnalyzerError } from '@cnn-analyzer/arch-spec';

/** The database cannot be opened, is not a usable SQLite file, or is newer than this code. */
export class ModelDbError extends CnnAnalyzerError {}

const MAGIC = 'SQLite format 3\0';

/** What the file at a database path is, before SQLite touches it. */
export type DbFileState = 'missing' | 'empty' | 'sqlite';

/**
 * Look at a database file without opening it: missing, empty (SQLite treats it as new), or a SQLite file whose
 * header is sound. Throws {@link ModelDbError} naming the file for a directory, a device or pipe, a file that is
 * not SQLite, and a file shorter than its header says (truncated).
 */
export function inspectDbFile(path: string): DbFileState {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw new ModelDbError(`model database ${JSON.stringify(path)}: ${(e as Error).message}`, 'db', path);
  }
  if (st.isDirectory()) throw new ModelDbError(`model database ${JSON.stringify(path)}: is a directory, not a database file`, 'db', path);
  if (!st.isFile()) throw new ModelDbError(`model database ${JSON.stringify(path)}: is not a regular file`, 'db', path);
  if (st.size === 0) return 'empty';
  const head = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let got: number;
  let size: number;
  try {
    got = readSync(fd, head, 0, 100, 0);
    // the size after the header: another process creating the same database grows the file and then its header, so
    // a size read before the header could look truncated
    size = fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
  if (got < 100 || head.toString('latin1', 0, 16) !== MAGIC) {
    throw new ModelDbError(`model database ${JSON.stringify(path)}: is not a SQLite database (no SQLite header)`, 'db', path);
  }
  const rawPageSize = head.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  const pages = head.readUInt32BE(28);
  // The page count in the header is valid only when "version-valid-for" equals the change counter.
  // A -wal or -journal file beside it means a writer is at work (or SQLite will roll its journal back): the file may
  // be mid-write, and SQLite, not this check, decides what it holds.
  const writerActive = existsSync(`${path}-wal`) || existsSync(`${path}-journal`);
  if (!writerActive && head.readUInt32BE(92) === head.readUInt32BE(24) && pages > 0 && size < pages * pageSize) {
    throw new ModelDbError(
      `model database ${JSON.stringify(path)}: is truncated (${size} bytes, its header says ${pages * pageSize}); restore it from a copy`,
      'db',
      path,
    );
  }
  return 'sqlite';
}

/** SQLite's result codes that mean the file is damaged or not a database. */
export const CORRUPT_CODES: ReadonlySet<string> = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB']);

/** True for SQLite's "attempt to write a readonly database" family (read-only file, directory or file system). */
export function isReadOnlyError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM');
}

/**
 * Turn a SQLite failure on `path` into one line naming the file (corrupt, read-only, disk full, I/O);
 * anything else is returned unchanged.
 */
export function describeSqliteError(path: string, e: unknown): unknown {
  if (e instanceof CnnAnalyzerError || !(e instanceof Error)) return e;
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return e;
  const where = `model database ${JSON.stringify(path)}`;
  const message = e.message.replace(/\s+/g, ' ').trim();
  if (isReadOnlyError(e)) return new ModelDbError(`${where}: is read-only, so nothing can be recorded (use --no-db, or a writable --db)`, 'db', path);
  if (CORRUPT_CODES.has(code)) return new ModelDbError(`${where}: is damaged (${message}); restore it from a copy or start a new one`, 'db', path);
  if (code === 'SQLITE_FULL') return new ModelDbError(`${where}: the disk is full`, 'db', path);
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY')) return new ModelDbError(`${where}: is locked by another process (gave up after 10 s)`, 'db', path);
  return new ModelDbError(`${where}: ${message} (${code})`, 'db', path);
}
