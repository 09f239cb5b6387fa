// Without VCOURT_DATABASE_URL a node runs on the embedded SQLite file, as before PostgreSQL existed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.js';
import { openStores } from '../../../server/store/openStores.js';
import { SqliteStore } from '../../../server/store/SqliteStore.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openStores', () => {
  it('opens the SQLite file under the data folder by default', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vcourt-stores-'));
    dirs.push(dataDir);
    const stores = await openStores(loadConfig({ VCOURT_DATA_DIR: dataDir }));
    try {
      expect(stores.store).toBeInstanceOf(SqliteStore);
      expect(stores.db.dialect).toBe('sqlite');
      expect(existsSync(join(dataDir, 'vcourt.sqlite'))).toBe(true);
      expect(stores.index.rootDir).toBe(join(dataDir, 'recordings'));
      await stores.store.settings.set('k', 'v');
      expect(await stores.store.settings.get('k')).toBe('v');
    } finally {
      await stores.close();
    }
  });

  it('takes PostgreSQL from VCOURT_DATABASE_URL, and refuses a URL that is not one', () => {
    expect(loadConfig({ VCOURT_DATABASE_URL: 'postgres://vcourt@db:5432/vcourt' }).databaseUrl).toBe('postgres://vcourt@db:5432/vcourt');
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(() => loadConfig({ VCOURT_DATABASE_URL: 'mysql://db/vcourt' })).toThrow(/postgres:\/\//);
  });
});
