// The recordings' and staff sessions' SQL stores on the embedded engine: the shared contract
// (tests/support/recordStoreContract.ts) on an in-memory SqliteStore, real schema, foreign keys on.
import { describe } from 'vitest';
import { SqliteStore } from '../../../server/store/SqliteStore.js';
import { recordStoreContract } from '../../support/recordStoreContract.js';

describe('record stores on SQLite', () => {
  recordStoreContract(() => {
    const store = new SqliteStore(':memory:');
    return Promise.resolve({ db: store.db, store, close: () => store.close() });
  });
});
