// The stores a vcourt node runs on, over one database: the embedded SQLite file by default, or a
// PostgreSQL database shared by several nodes (VCOURT_DATABASE_URL). The SQL stores are the same
// for both; only the Db under them and the migrations differ.
import { join } from 'node:path';
import type { RecordingIndex, RecordStore } from '../../recordings/ports.js';
import type { StaffSessionStore } from '../auth/StaffSessionStore.js';
import type { Config } from '../config.js';
import type { MigrationDeps } from './migrations.js';
import { migratePostgres } from './pg/schema.js';
import type { Db } from './sql/Db.js';
import { PgDb } from './sql/PgDb.js';
import { SqliteStore } from './SqliteStore.js';
import { SqlRecordingIndex } from './SqlRecordingIndex.js';
import { SqlRecordStore } from './SqlRecordStore.js';
import { SqlStaffSessions } from './SqlStaffSessions.js';
import { SqlStore } from './SqlStore.js';

export interface Stores {
  store: SqlStore;
  records: RecordStore;
  /** Recording tracks, segments and gaps; segment paths relative to data/recordings. */
  index: RecordingIndex;
  staffSessions: StaffSessionStore;
  db: Db;
  close(): Promise<void>;
}

export type StoresConfig = Pick<Config, 'dataDir' | 'databaseFile' | 'databaseUrl'>;

/**
 * Opens and migrates the database. `deps.sealer` seals camera URLs an older SQLite file kept in
 * plain text (a PostgreSQL database is born with the sealed column).
 */
export async function openStores(config: StoresConfig, deps: MigrationDeps = {}): Promise<Stores> {
  let store: SqlStore;
  if (config.databaseUrl) {
    const db = new PgDb(config.databaseUrl);
    try {
      await migratePostgres(db.pool);
    } catch (error) {
      await db.close();
      throw error;
    }
    store = new SqlStore(db);
  } else {
    store = new SqliteStore(config.databaseFile, deps);
  }
  const db = store.db;
  return {
    store,
    records: new SqlRecordStore(db),
    index: new SqlRecordingIndex(db, join(config.dataDir, 'recordings')),
    staffSessions: new SqlStaffSessions(db),
    db,
    close: () => db.close(),
  };
}
