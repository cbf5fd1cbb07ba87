import { MIGRATIONS } from './migrations.js';
import { ModelDbError } from './file-check.js';
import { migrationFor } from './sql-dialect.js';
import type { SqlDriver } from './sql-driver.js';

/** Any fixed number: the advisory lock that lets one of several workers starting at once run the migrations. */
const MIGRATION_LOCK = 0x636e6e; // "cnn"

/**
 * Bring a PostgreSQL model database up to the schema SQLite's files have: the same migration list, in PostgreSQL's
 * types, with the version in a one-row table (SQLite keeps it in `user_version`). Returns the version reached.
 */
export async function migratePostgres(driver: SqlDriver, where: string): Promise<number> {
  return driver.transaction(async (tx) => {
    await tx.all('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    await tx.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const rows = await tx.all<{ version: number }>('SELECT version FROM schema_version');
    let version = rows[0]?.version ?? 0;
    if (rows.length === 0) await tx.run('INSERT INTO schema_version (version) VALUES (0)');
    if (version > MIGRATIONS.length) {
      throw new ModelDbError(`model database ${where}: schema version ${version} is newer than this CNN Analyzer (${MIGRATIONS.length})`, 'db', where);
    }
    for (; version < MIGRATIONS.length; version++) {
      for (const statement of migrationFor('postgres', MIGRATIONS[version]!).split(';').map((s) => s.trim()).filter(Boolean)) await tx.run(statement);
    }
    await tx.run('UPDATE schema_version SET version = ?', [version]);
    return version;
  });
}
