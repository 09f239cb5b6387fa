// Db over a PostgreSQL pool, shared by every vcourt node. The stores write `?` placeholders; they
// are numbered here. A transaction holds one pooled connection, found through an async context by
// every call awaited inside it; calls from elsewhere take other connections and run beside it
// (PostgreSQL's own locking orders them; `lock` serializes what must be serial across nodes).
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Db, Row, SqlValue } from './Db.js';

/** int8 (counts, bigint columns) and numeric arrive as text by default; the stores expect numbers. */
const INT8 = 20;
const NUMERIC = 1700;
const toNumber = (text: string): number => Number(text);

/** Parsers for this pool only: the global ones in pg.types stay as other code expects them. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === NUMERIC) return toNumber;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * `?` → `$1, $2, …`, leaving alone what sits in string literals, quoted identifiers and comments
 * (the stores use none of PostgreSQL's own `?` operators).
 */
export function numberPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end - 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      out += `$${++n}`;
    } else {
      out += c;
    }
  }
  return out;
}

/** The index just past the quote closing the one at `start` (a doubled quote is an escaped one). */
function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** serialization_failure and deadlock_detected: the transaction is to be run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 8;

/** A `lock` found its key held: this attempt's snapshot predates the holder's commit. */
class LockBusy extends Error {
  constructor(readonly key: string) {
    super(`lock ${key} is held`);
  }
}

interface Tx {
  client: pg.PoolClient;
  open: boolean;
  /** Keys locked for the session before BEGIN (see `transaction`). */
  held: ReadonlySet<string>;
  /** Why this attempt must be run again, even if the body swallowed the error (auditSafely). */
  retry?: Error;
}

const retryable = (error: unknown): boolean => error instanceof LockBusy || RETRYABLE.has((error as { code?: string }).code ?? '');

export class PgDb implements Db {
  readonly dialect = 'postgres';
  readonly pool: pg.Pool;
  /**
   * The transaction the current async context runs in. `open` turns false when it ends: work it
   * left behind (a timer started inside) then uses the pool, never a connection handed on.
   */
  readonly #tx = new AsyncLocalStorage<Tx>();
  /** Numbered SQL by the stores' text; bounded, since `inList` makes one text per list length. */
  readonly #numbered = new Map<string, string>();
  #closed: Promise<void> | undefined;

  constructor(config: string | pg.PoolConfig) {
    const base: pg.PoolConfig = typeof config === 'string' ? { connectionString: config } : config;
    this.pool = new pg.Pool({ ...base, types });
    // An idle pooled connection that the server drops (restart, failover) must not end the process.
    this.pool.on('error', (error) => console.error('[pg] idle connection failed:', error.message));
  }

  async all<R = Row>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return (await this.#query(sql, params)).rows as R[];
  }

  async get<R = Row>(sql: string, params: readonly SqlValue[] = []): Promise<R | undefined> {
    return (await this.#query(sql, params)).rows[0] as R | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: (await this.#query(sql, params)).rowCount ?? 0 };
  }

  /**
   * SERIALIZABLE, so a body's read-check-write (a retention set, a device attach beside a revoke)
   * cannot interleave with another connection's. A body that loses a serialization conflict or a
   * deadlock is run again whole: bodies hold only store calls, so re-running one is safe.
   * A snapshot is taken at the first statement, so waiting for a `lock` inside would leave it
   * stale (every waiter would then fail): a busy key ends the attempt, and the next one waits
   * for it before BEGIN, holding it for the session until the transaction ends.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#tx.getStore()?.open) return fn();
    const held = new Set<string>();
    for (let failures = 0; ;) {
      try {
        return await this.#attempt(fn, held);
      } catch (error) {
        if (error instanceof LockBusy && !held.has(error.key)) {
          held.add(error.key); // bounded: each key is added once
          continue;
        }
        if (++failures >= MAX_ATTEMPTS || !retryable(error)) throw error;
        // Jittered and growing, so that the losers of one conflict do not all meet again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** failures));
      }
    }
  }

  async #attempt<T>(fn: () => Promise<T>, held: ReadonlySet<string>): Promise<T> {
    const client = await this.pool.connect();
    const tx: Tx = { client, open: true, held: new Set(held) };
    let broken: Error | undefined;
    // A connection lost between two of the transaction's queries is reported as an event, which
    // would end the process unheard; the next query fails anyway, and the pool discards the client.
    const lost = (error: Error) => (broken = error);
    client.on('error', lost);
    try {
      // In one order, so two attempts waiting for the same keys cannot deadlock.
      for (const key of [...held].sort()) await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
      await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      try {
        const value = await this.#tx.run(tx, fn);
        if (tx.retry) throw tx.retry;
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          // A connection that cannot roll back is in an unknown state: the pool discards it.
          broken = rollbackError;
        });
        throw tx.retry ?? error;
      }
    } finally {
      tx.open = false;
      if (held.size > 0 && !broken) await client.query('SELECT pg_advisory_unlock_all()').catch((error: Error) => (broken = error));
      client.off('error', lost);
      client.release(broken);
    }
  }

  async lock(key: string): Promise<void> {
    const tx = this.#tx.getStore();
    if (!tx?.open) throw new Error(`lock(${key}) outside a transaction: an advisory lock ends with its transaction`);
    if (tx.held.has(key)) return;
    const row = await this.get<{ got: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0)) AS got', [key]);
    if (!row?.got) throw (tx.retry ??= new LockBusy(key));
  }

  close(): Promise<void> {
    this.#closed ??= this.pool.end();
    return this.#closed;
  }

  #query(sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult> {
    let text = this.#numbered.get(sql);
    if (text === undefined) {
      text = numberPlaceholders(sql);
      if (this.#numbered.size >= 1000) this.#numbered.clear();
      this.#numbered.set(sql, text);
    }
    const tx = this.#tx.getStore();
    if (!tx?.open) return this.pool.query(text, params as SqlValue[]);
    return tx.client.query(text, params as SqlValue[]).catch((error: unknown) => {
      if (retryable(error)) tx.retry ??= error as Error;
      throw error;
    });
  }
}
