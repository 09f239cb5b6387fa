// The embedded store: the store contract on an in-memory SQLite file, and what only SQLite has
// (a file migrated from an older schema, reopening it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../../server/store/SqliteStore.js';
import { SCHEMA_VERSION, migrate } from '../../../server/store/migrations.js';
import { GENESIS_HASH, auditHash } from '../../../core/hearing/auditChain.js';
import { storeContract } from '../../support/storeContract.js';
import { must } from '../../support/must.js';

describe('SqliteStore', () => {
  storeContract(() => {
    const store = new SqliteStore(':memory:');
    return Promise.resolve({ store, close: () => store.close() });
  });
});

describe('SqliteStore on a file', () => {
  async function inTempDir(prefix: string, fn: (dir: string) => Promise<void>): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('migrates a file database once and reopens it with its data', () =>
    inTempDir('vcourt-store-', async (dir) => {
      const file = join(dir, 'nested', 'vcourt.sqlite');
      const a = new SqliteStore(file);
      await a.settings.set('k', 'v1');
      await a.settings.set('k', 'v2');
      await a.close();
      const b = new SqliteStore(file);
      expect(await b.settings.get('k')).toBe('v2');
      expect(b.raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(b.raw.pragma('journal_mode', { simple: true })).toBe('wal');
      await b.close();
      await b.close(); // idempotent
    }));

  it('migrating a version-1 database chains the events it already had', () =>
    inTempDir('vcourt-migrate-', async (dir) => {
      const file = join(dir, 'old.sqlite');
      const old = new Database(file);
      old.pragma('foreign_keys = OFF');
      migrate(old, 1);
      old.exec(`INSERT INTO audit_events (hearing_id, at, actor, type, data) VALUES ('h', 't1', '{"kind":"system"}', 'a', '{}');
        INSERT INTO audit_events (hearing_id, at, actor, type, data) VALUES ('h', 't2', '{"kind":"system"}', 'b', '{}');`);
      old.close();
      const store = new SqliteStore(file);
      const rows = await store.db.all<{ prev_hash: string; hash: string }>('SELECT prev_hash, hash FROM audit_events ORDER BY seq');
      await store.close();
      const first = auditHash(GENESIS_HASH, { hearingId: 'h', at: 't1', actorJson: '{"kind":"system"}', type: 'a', dataJson: '{}' });
      expect(rows[0]).toEqual({ prev_hash: GENESIS_HASH, hash: first });
      expect(must(rows[1], 'the second row').prev_hash).toBe(first);
    }));

  it('migrating a version-5 database keeps its accounts and lets judges have one (accounts rebuilt for the new CHECK)', () =>
    inTempDir('vcourt-migrate-', async (dir) => {
      const file = join(dir, 'old.sqlite');
      const old = new Database(file);
      migrate(old, 5);
      old.exec(`INSERT INTO accounts (id, username, display_name, role, password_hash, created_at)
                VALUES ('a1', 'admin', 'Admin', 'admin', 'h', 't'), ('c1', 'clerk', 'Clerk', 'clerk', 'h', 't')`);
      expect(() => old.exec(`INSERT INTO accounts VALUES ('j0', 'j', 'J', 'judge', 'h', 't')`)).toThrow(/CHECK/);
      old.close();
      const store = new SqliteStore(file);
      try {
        expect((await store.accounts.list()).map((a) => [a.username, a.role])).toEqual([
          ['admin', 'admin'],
          ['clerk', 'clerk'],
        ]);
        await store.accounts.insert({
          id: 'j1',
          username: 'judge',
          displayName: 'Judge',
          role: 'judge',
          passwordHash: 'h',
          createdAt: 't',
        });
        expect((await store.accounts.get('j1'))?.role).toBe('judge');
        await expect(
          store.db.run(
            `INSERT INTO accounts (id, username, display_name, role, password_hash, created_at) VALUES ('x', 'x', 'X', 'janitor', 'h', 't')`,
          ),
        ).rejects.toThrow(/CHECK/);
      } finally {
        await store.close();
      }
    }));
});
