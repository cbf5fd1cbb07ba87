import type Database from 'better-sqlite3';
import pg from 'pg';
import { beginFor, statementFor, type SqlDialect } from './sql-dialect.js';

/** A value bound to a placeholder. */
export type SqlValue = string | number | null;

/** The few operations the async store needs from a database connection. */
export interface SqlDriver {
  readonly dialect: SqlDialect;
  /** Rows of a query (`?` placeholders). */
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Run a statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Run `fn` in one write transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A SQLite connection (better-sqlite3 is synchronous: calls are queued so one transaction never interleaves with another). */
export function sqliteDriver(db: Database.Database): SqlDriver {
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = tail.then(fn, fn);
    tail = next.catch(() => undefined);
    return next;
  };
  const direct: SqlDriver = {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => db.prepare(sql).all(...params) as T[],
    run: async (sql, params = []) => db.prepare(sql).run(...params).changes,
    transaction: (fn) => fn(direct),
    close: async () => void db.close(),
  };
  return {
    dialect: 'sqlite',
    all: (sql, params) => serial(() => direct.all(sql, params)),
    run: (sql, params) => serial(() => direct.run(sql, params)),
    transaction: <T>(fn: (tx: SqlDriver) => Promise<T>) =>
      serial(async () => {
        db.exec(beginFor('sqlite'));
        try {
          const r = await fn(direct);
          db.exec('COMMIT');
          return r;
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw e;
        }
      }),
    close: () => serial(() => direct.close()),
  };
}

// BIGINT (int8) comes back as a string by default; the model database's integers are counts well below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

function clientDriver(client: pg.Pool | pg.PoolClient): Omit<SqlDriver, 'transaction' | 'close'> {
  return {
    dialect: 'postgres',
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => (await client.query(statementFor('postgres', sql), [...params])).rows as T[],
    run: async (sql, params = []) => (await client.query(statementFor('postgres', sql), [...params])).rowCount ?? 0,
  };
}

/** A PostgreSQL connection pool (`postgres://user@host:port/db`). */
export function postgresDriver(url: string): SqlDriver {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {}); // an idle client lost with the server; the next query reconnects or fails by itself
  const self: SqlDriver = {
    ...clientDriver(pool),
    async transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const tx: SqlDriver = { ...clientDriver(client), transaction: (inner) => inner(tx), close: async () => {} };
      try {
        await client.query(beginFor('postgres'));
        const r = await fn(tx);
        await client.query('COMMIT');
        return r;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  return self;
}
