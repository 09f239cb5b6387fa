// SqliteDb's transactions on its one shared connection: work a transaction started but left
// running after it ended (a timer, a background promise) is no longer part of it and must not
// slip into the next transaction, where that one's rollback would take it away.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDb } from '../../../server/store/sql/SqliteDb.js';

let db: SqliteDb;
beforeEach(() => {
  db = new SqliteDb(new Database(':memory:'));
  db.raw.exec('CREATE TABLE t (v INTEGER)');
});
afterEach(() => db.close());

function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('SqliteDb', () => {
  it('queues work left behind by an ended transaction instead of running it inside the next one', async () => {
    const later = gate();
    let leftover: Promise<unknown> | undefined;
    await db.transaction(async () => {
      leftover = later.opened.then(() => db.run('INSERT INTO t (v) VALUES (1)'));
    });

    const bOpen = gate();
    const bEnd = gate();
    const b = db.transaction(async () => {
      bOpen.open();
      await bEnd.opened;
      throw new Error('rolled back');
    });
    await bOpen.opened;
    later.open(); // the leftover work runs while the other transaction is open
    await new Promise((resolve) => setImmediate(resolve));
    bEnd.open();
    await expect(b).rejects.toThrow('rolled back');
    await leftover;

    expect(await db.all('SELECT v FROM t')).toEqual([{ v: 1 }]);
  });

  it('still lets a transaction call itself (nested transactions join the open one)', async () => {
    await db.transaction(async () => {
      await db.run('INSERT INTO t (v) VALUES (1)');
      await db.transaction(() => db.run('INSERT INTO t (v) VALUES (2)'));
    });
    expect(await db.all('SELECT v FROM t ORDER BY v')).toEqual([{ v: 1 }, { v: 2 }]);
  });
});
