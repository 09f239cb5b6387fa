// The embedded default Store: one SQLite file (WAL mode) under the data folder, read and written
// through SqlStore's SQL. Migrations stay synchronous better-sqlite3 code, run before anything else.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type MigrationDeps } from './migrations.js';
import { SqliteDb } from './sql/SqliteDb.js';
import { SqlStore } from './SqlStore.js';

/** Opens (creating its folder) and migrates the file: a connection ready for SqliteDb. */
function open(file: string, options: MigrationDeps): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const raw = new Database(file);
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    migrate(raw, undefined, options);
    // What a migration replaced (plain camera URLs) leaves the write-ahead log at once.
    if (file !== ':memory:') raw.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    raw.close();
    throw error;
  }
  return raw;
}

export class SqliteStore extends SqlStore<SqliteDb> {
  /** `options.sealer`: what seals secrets kept at rest (a migration seals camera URLs stored before). */
  constructor(
    readonly file: string,
    options: MigrationDeps = {},
  ) {
    super(new SqliteDb(open(file, options)));
  }

  /** The better-sqlite3 connection, for what only SQLite has (pragmas, migrations, tests). */
  get raw(): Database.Database {
    return this.db.raw;
  }
}
