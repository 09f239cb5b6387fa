// The one thing the SQL stores (server/store/Sql*.ts) talk to: a database with promises, the same
// for the embedded SQLite file and a shared PostgreSQL. The stores write one SQL for both: `?`
// placeholders (the PostgreSQL driver numbers them), 0/1 integers for booleans, ISO text for
// instants, `ON CONFLICT … DO …` instead of `INSERT OR …`, `RETURNING` instead of a last row id,
// and `rowid` where insertion order matters (SQLite's own; a generated column in PostgreSQL's schema).

export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

export interface Db {
  readonly dialect: 'sqlite' | 'postgres';
  /** Every row of a query. */
  all<R = Row>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** The first row of a query, or undefined. */
  get<R = Row>(sql: string, params?: readonly SqlValue[]): Promise<R | undefined>;
  /** A statement that changes rows: how many it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /**
   * Runs `fn` in one transaction. Every call awaited from `fn` joins it (an async context carries
   * it), so does a nested `transaction`; calls from elsewhere wait for it to end (SQLite) or run
   * on another connection (PostgreSQL). Rolled back when `fn` throws.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: holds `key` until the transaction ends, so that two nodes never
   * interleave writes that must be serial (an audit chain's next link). SQLite has one writer
   * already; PostgreSQL takes a transaction-level advisory lock.
   */
  lock(key: string): Promise<void>;
  close(): Promise<void>;
}

/** `IN (…)` for a list: its placeholders and values (an empty list matches nothing). */
export function inList(values: readonly SqlValue[]): { sql: string; params: SqlValue[] } {
  if (values.length === 0) return { sql: '(NULL)', params: [] };
  return { sql: `(${values.map(() => '?').join(', ')})`, params: [...values] };
}
