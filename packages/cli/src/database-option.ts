import { openModelDb, type ModelDb } from '@cnn-analyzer/model-db';

/** The model database a command uses: `--db`, else `$CNN_ANALYZER_DB`, else `./cnn-analyzer.db`. */
export function databasePath(flag: string | undefined): string {
  return flag ?? process.env.CNN_ANALYZER_DB ?? 'cnn-analyzer.db';
}

/** Run `fn` with the database open, closing it afterwards. */
export function withDatabase<T>(flag: string | undefined, fn: (db: ModelDb) => T): T {
  const db = openModelDb(databasePath(flag));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
