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

export class PgDb implements Db {
  readonly dialect = 'postgres';
  readonly pool: pg.Pool;
  /**
   * The transaction the current async context runs in. `open` turns false when it ends: work it
   * left behind (a timer started inside) then uses the pool, never a connection handed on.
   */
  readonly #tx = new AsyncLocalStorage<{ client: pg.PoolClient; open: boolean }>();
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

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#tx.getStore()?.open) return fn();
    const client = await this.pool.connect();
    const tx = { client, open: true };
    let broken: Error | undefined;
    // A connection lost between two of the transaction's queries is reported as an event, which
    // would end the process unheard; the next query fails anyway, and the pool discards the client.
    const lost = (error: Error) => (broken = error);
    client.on('error', lost);
    try {
      await client.query('BEGIN');
      try {
        const value = await this.#tx.run(tx, fn);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          // A connection that cannot roll back is in an unknown state: the pool discards it.
          broken = rollbackError;
        });
        throw error;
      }
    } finally {
      tx.open = false;
      client.off('error', lost);
      client.release(broken);
    }
  }

  async lock(key: string): Promise<void> {
    const tx = this.#tx.getStore();
    if (!tx?.open) throw new Error(`lock(${key}) outside a transaction: an advisory lock ends with its transaction`);
    await tx.client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
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
    const on = tx?.open ? tx.client : this.pool;
    return on.query(text, params as SqlValue[]);
  }
}
