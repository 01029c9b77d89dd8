import "server-only";

/** `?` placeholders take an array; `@name` placeholders take an object. */
export type Params = readonly unknown[] | Record<string, unknown>;

/**
 * The one interface every store domain (audit, series, users, sessions, tokens, throttle,
 * operations, alerts, Celery history) persists through, implemented for SQLite
 * (server/store/sqlite) and PostgreSQL (server/store/postgres). Async, so a networked database
 * fits; nothing in it is process-local, so several replicas may share one PostgreSQL database.
 *
 * The SQL the domains write is the subset both engines read alike: `INSERT ... ON CONFLICT`,
 * `RETURNING`, recursive CTEs. Where they differ the domain asks `dialect`.
 */
export interface Sql {
  readonly dialect: "sqlite" | "postgres";
  all<T>(sql: string, params?: Params): Promise<T[]>;
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  /** Returns how many rows the statement changed. */
  run(sql: string, params?: Params): Promise<number>;
  /** Runs `fn` in one transaction on one connection; a throw rolls it back. Nested calls join the outer one. */
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
