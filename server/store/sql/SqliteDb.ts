// Db over one better-sqlite3 connection. The connection is synchronous and shared, so an async
// transaction must keep everyone else out while it is open: its own calls (found through an async
// context) go straight through, everyone else's wait on a queue until it commits or rolls back.
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { Db, Row, SqlValue } from './Db.js';

export class SqliteDb implements Db {
  readonly dialect = 'sqlite';
  readonly #statements = new Map<string, Database.Statement>();
  /**
   * Set inside a transaction's async context. `open` turns false when it ends: work it left behind
   * (a timer started inside) then waits its turn like anyone else's.
   */
  readonly #inside = new AsyncLocalStorage<{ open: boolean }>();
  /** The tail of the transactions queued on the connection. */
  #tail: Promise<unknown> = Promise.resolve();
  #open = 0;

  constructor(readonly raw: Database.Database) {}

  all<R = Row>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return this.#when(() => this.#statement(sql).all(...params) as R[]);
  }

  get<R = Row>(sql: string, params: readonly SqlValue[] = []): Promise<R | undefined> {
    return this.#when(() => this.#statement(sql).get(...params) as R | undefined);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return this.#when(() => ({ changes: this.#statement(sql).run(...params).changes }));
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#isInside()) return fn();
    const result = this.#tail.then(() => {
      const tx = { open: true };
      return this.#inside.run(tx, async () => {
        this.#open++;
        this.raw.exec('BEGIN IMMEDIATE');
        try {
          const value = await fn();
          this.raw.exec('COMMIT');
          return value;
        } catch (error) {
          if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
          throw error;
        } finally {
          tx.open = false;
          this.#open--;
        }
      });
    });
    this.#tail = result.catch(() => undefined);
    return result;
  }

  lock(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.raw.open) this.raw.close();
    return Promise.resolve();
  }

  /** Runs now when no transaction is open or this call belongs to it; after the open ones otherwise. */
  #when<T>(work: () => T): Promise<T> {
    if (this.#open === 0 || this.#isInside()) {
      try {
        return Promise.resolve(work());
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    const result = this.#tail.then(work);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  #isInside(): boolean {
    return this.#inside.getStore()?.open === true;
  }

  #statement(sql: string): Database.Statement {
    let s = this.#statements.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      this.#statements.set(sql, s);
    }
    return s;
  }
}
