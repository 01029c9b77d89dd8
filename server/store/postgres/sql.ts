import "server-only";
import pg from "pg";
import type { Params, Sql } from "../sql";

// BIGINT (unix ms, ids, COUNT) and NUMERIC (AVG) as numbers: every value the store keeps fits a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/**
 * The store's SQL as PostgreSQL reads it: `?` placeholders become $1, $2...; `@name` ones are
 * numbered by first use. Neither appears inside a string literal in the store's SQL.
 */
export function toPg(sql: string, params: Params = []): { text: string; values: unknown[] } {
  if (Array.isArray(params)) {
    let i = 0;
    return { text: sql.replace(/\?/g, () => `$${++i}`), values: [...params] };
  }
  const named = params as Record<string, unknown>;
  const order: string[] = [];
  const text = sql.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    let n = order.indexOf(name);
    if (n < 0) n = order.push(name) - 1;
    return `$${n + 1}`;
  });
  return { text, values: order.map((k) => (named[k] === undefined ? null : named[k])) };
}

type Queryable = pg.Pool | pg.PoolClient;

async function query<T>(on: Queryable, sql: string, params?: Params): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
  const { text, values } = toPg(sql, params);
  return on.query<T & pg.QueryResultRow>(text, values);
}

/** A pool of connections; a transaction takes one of them for its whole length. */
export class PgSql implements Sql {
  readonly dialect = "postgres";
  constructor(readonly pool: pg.Pool) {}

  async all<T>(sql: string, params?: Params): Promise<T[]> {
    return (await query<T>(this.pool, sql, params)).rows;
  }
  async get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return (await query<T>(this.pool, sql, params)).rows[0];
  }
  async run(sql: string, params?: Params): Promise<number> {
    return (await query(this.pool, sql, params)).rowCount ?? 0;
  }
  async tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const out = await fn(new PgTx(client));
      await client.query("COMMIT");
      return out;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  close(): Promise<void> {
    return this.pool.end();
  }
}

class PgTx implements Sql {
  readonly dialect = "postgres";
  constructor(private readonly client: pg.PoolClient) {}
  async all<T>(sql: string, params?: Params): Promise<T[]> {
    return (await query<T>(this.client, sql, params)).rows;
  }
  async get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return (await query<T>(this.client, sql, params)).rows[0];
  }
  async run(sql: string, params?: Params): Promise<number> {
    return (await query(this.client, sql, params)).rowCount ?? 0;
  }
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return fn(this);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
