// The SQL stores on a real PostgreSQL 15 (Debian's, started by tests/support/postgres.ts): the same
// contracts the embedded SQLite passes, and what only a shared database has to get right: two
// nodes appending to one hearing's audit log keep one chain, two nodes starting at once migrate once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstBrokenLink } from '../../core/hearing/auditChain.js';
import type { Actor } from '../../core/hearing/types.js';
import { openStores, type Stores } from '../../server/store/openStores.js';
import { migratePostgres, PG_SCHEMA_VERSION } from '../../server/store/pg/schema.js';
import { PgDb } from '../../server/store/sql/PgDb.js';
import { SqliteStore } from '../../server/store/SqliteStore.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { createHearing, startTestServer, type AuditLog, type HearingDetail } from '../support/server.js';
import { recordStoreContract } from '../support/recordStoreContract.js';
import { storeContract } from '../support/storeContract.js';

let server: TestPostgres;

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

/** A node's configuration on PostgreSQL (no SQLite file, no recordings written here). */
const pgConfig = (url: string) => ({ databaseUrl: url, databaseFile: '/nonexistent/unused.sqlite', dataDir: '/nonexistent' });

/** A node's stores on a fresh database of its own. */
async function freshNode(): Promise<Stores> {
  return openStores(pgConfig(await server.createDatabase()));
}

describe('Store contract on PostgreSQL', () => {
  storeContract(freshNode);
});

describe('record stores contract on PostgreSQL', () => {
  recordStoreContract(freshNode);
});

describe('the PostgreSQL schema', () => {
  it('has the tables, columns and indexes of the migrated SQLite schema (plus rowid where SQLite has its own)', async () => {
    const sqlite = new SqliteStore(':memory:');
    const node = await freshNode();
    try {
      const lite = new Map<string, string[]>();
      const tables = sqlite.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
        name: string;
      }[];
      for (const { name } of tables) {
        const columns = sqlite.raw.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[];
        lite.set(name, columns.map((c) => c.name).sort());
      }
      const pgColumns = await node.db.all<{ table_name: string; column_name: string }>(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'vcourt_migrations' AND column_name <> 'rowid'",
      );
      const pg = new Map<string, string[]>();
      for (const c of pgColumns) pg.set(c.table_name, [...(pg.get(c.table_name) ?? []), c.column_name]);
      for (const [name, columns] of pg) pg.set(name, columns.sort());
      expect(lite.get('participants')).toContain('languages'); // the SQLite side was read, to its last step
      expect(Object.fromEntries([...pg].sort())).toEqual(Object.fromEntries([...lite].sort()));

      const liteIndexes = sqlite.raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name")
        .all() as { name: string }[];
      const pgIndexes = await node.db.all<{ name: string }>(
        "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key' ORDER BY name",
      );
      expect(liteIndexes.map((i) => i.name)).toContain('record_requests_pending');
      expect(pgIndexes.map((i) => i.name)).toEqual(liteIndexes.map((i) => i.name));
    } finally {
      await Promise.all([sqlite.close(), node.close()]);
    }
  });
});

describe('two nodes on one PostgreSQL database', () => {
  const at = '2026-11-29T09:00:00.000Z';
  const clerk: Actor = { kind: 'account', accountId: 'acc-clerk', username: 'clerk' };

  /** Case c1 with hearing h1. */
  async function seedHearing({ store }: Stores): Promise<void> {
    await store.cases.insert({ id: 'c1', number: '12/2026/HS-ST', title: 'Vụ án', kind: 'criminal', court: 'TAND', createdAt: at });
    await store.hearings.insert({
      id: 'h1',
      caseId: 'c1',
      title: 'Phiên tòa',
      scheduledAt: at,
      state: 'scheduled',
      stage: null,
      outcome: null,
      courtroomSiteId: null,
      createdAt: at,
      updatedAt: at,
    });
  }

  it('appending to one hearing from both at once keeps one unbroken hash chain', async () => {
    const url = await server.createDatabase();
    const [a, b] = await Promise.all([openStores(pgConfig(url)), openStores(pgConfig(url))]);
    try {
      await seedHearing(a);
      const perNode = 30;
      const append = (node: Stores, name: string, i: number) =>
        node.store.audit.append({ hearingId: 'h1', at, actor: clerk, type: 'test.event', data: { node: name, i } });
      // Interleaved: each node's appends run on its own pool, several connections at a time.
      await Promise.all(Array.from({ length: perNode }, (_, i) => [append(a, 'a', i), append(b, 'b', i)]).flat());

      const events = await b.store.audit.list('h1');
      expect(events).toHaveLength(2 * perNode);
      const broken = firstBrokenLink(
        events.map((e) => ({
          prevHash: e.prevHash,
          hash: e.hash,
          fields: {
            hearingId: e.hearingId,
            at: e.at,
            actorJson: JSON.stringify(e.actor),
            type: e.type,
            dataJson: JSON.stringify(e.data),
          },
        })),
      );
      expect(broken).toBe(-1);
      // Every event is a link of its own: no two chained onto the same predecessor.
      expect(new Set(events.map((e) => e.prevHash)).size).toBe(events.length);
      expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((x, y) => x - y));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('read-check-write transactions on one row from both at once lose no update (SERIALIZABLE, retried)', async () => {
    const url = await server.createDatabase();
    const [a, b] = [new PgDb(url), new PgDb(url)];
    try {
      await a.run('CREATE TABLE counter (id integer PRIMARY KEY, n integer NOT NULL)');
      await a.run('INSERT INTO counter (id, n) VALUES (1, 0)');
      let bodies = 0;
      const increment = (db: PgDb) =>
        db.transaction(async () => {
          bodies++;
          const row = await db.get<{ n: number }>('SELECT n FROM counter WHERE id = 1');
          await db.run('UPDATE counter SET n = ? WHERE id = 1', [row!.n + 1]);
        });
      await Promise.all(Array.from({ length: 10 }, () => [increment(a), increment(b)]).flat());
      expect(await a.get('SELECT n FROM counter WHERE id = 1')).toEqual({ n: 20 });
      expect(bodies).toBeGreaterThan(20); // some ran again after losing a conflict
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('starting at the same moment, the schema is migrated once', async () => {
    const url = await server.createDatabase();
    const dbs = [new PgDb(url), new PgDb(url), new PgDb(url)];
    try {
      const applied = await Promise.all(dbs.map((db) => migratePostgres(db.pool)));
      expect(applied.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1));
      expect(applied.filter((steps) => steps.length > 0)).toHaveLength(1);
      const rows = await dbs[0]!.all<{ version: number }>('SELECT version FROM vcourt_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1));
      // A node started later finds nothing to do.
      expect(await migratePostgres(dbs[1]!.pool)).toEqual([]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });
});

describe('two vcourt nodes on one PostgreSQL database', () => {
  it('start together with one first admin, and each serves what the other wrote', async () => {
    const url = await server.createDatabase();
    const [a, b] = await Promise.all([startTestServer({ databaseUrl: url }), startTestServer({ databaseUrl: url })]);
    try {
      expect(a.running.store.db.dialect).toBe('postgres');
      const admins = await b.running.store.db.all<{ username: string }>("SELECT username FROM accounts WHERE role = 'admin'");
      expect(admins.map((r) => r.username)).toEqual(['admin']);

      const { hearing, seats } = await createHearing(a, ['defendant']);
      const detail = await b.api<HearingDetail>('GET', `/api/hearings/${hearing.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.participants.map((p) => p.id)).toEqual([seats.defendant.participant.id]);
      const fromA = await a.api<AuditLog>('GET', `/api/hearings/${hearing.id}/audit`);
      const fromB = await b.api<AuditLog>('GET', `/api/hearings/${hearing.id}/audit`);
      expect(fromB.body.events.length).toBeGreaterThan(0);
      expect(fromB.body.events).toEqual(fromA.body.events);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
