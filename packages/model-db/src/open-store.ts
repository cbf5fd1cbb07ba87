import { openModelDb } from './database.js';
import { ModelDbError } from './file-check.js';
import { migratePostgres } from './postgres-migrate.js';
import { sqlStore, type ModelStore } from './store.js';
import { postgresDriver, sqliteDriver } from './sql-driver.js';

/** True for a PostgreSQL connection URL (`postgres://…` or `postgresql://…`). */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** The URL with its password replaced, for messages and logs. */
export function redactDbUrl(db: string): string {
  return isPostgresUrl(db) ? db.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/i, '$1:***@') : db;
}

/**
 * Open the model database behind the async {@link ModelStore}: a PostgreSQL URL (`postgres://user@host:5432/db`,
 * migrated to the current schema, several workers at once safely) or a SQLite file path (opened and migrated as
 * {@link openModelDb} does).
 */
export async function openModelStore(db: string): Promise<ModelStore> {
  if (!isPostgresUrl(db)) return sqlStore(sqliteDriver(openModelDb(db)));
  const driver = postgresDriver(db);
  try {
    await migratePostgres(driver, redactDbUrl(db));
  } catch (e) {
    await driver.close().catch(() => {});
    if (e instanceof ModelDbError) throw e;
    throw new ModelDbError(`model database ${redactDbUrl(db)}: ${(e as Error).message}`, 'db', redactDbUrl(db));
  }
  return sqlStore(driver);
}
