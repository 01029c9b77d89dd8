import "server-only";
import type Database from "better-sqlite3";
import type { Statement } from "better-sqlite3";
import type { Params, Sql } from "../sql";

/**
 * SQLite behind the async interface. better-sqlite3 is synchronous: each call runs at once and
 * returns a resolved promise. A transaction spans awaits, so while one is open every other
 * caller waits its turn (one connection: a statement from elsewhere would join the transaction).
 */
export class SqliteSql implements Sql {
  readonly dialect = "sqlite";
  private readonly cache = new Map<string, Statement>();
  /** Resolves when the open transaction (if any) ends. */
  private gate: Promise<void> | undefined;

  constructor(readonly raw: Database.Database) {}

  private stmt(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  private async turn<T>(fn: () => T): Promise<T> {
    while (this.gate) await this.gate;
    return fn();
  }

  // Direct calls, for a transaction's own handle.
  allNow<T>(sql: string, params: Params = []): T[] {
    return (Array.isArray(params) ? this.stmt(sql).all(...params) : this.stmt(sql).all(params)) as T[];
  }
  getNow<T>(sql: string, params: Params = []): T | undefined {
    return (Array.isArray(params) ? this.stmt(sql).get(...params) : this.stmt(sql).get(params)) as T | undefined;
  }
  runNow(sql: string, params: Params = []): number {
    return (Array.isArray(params) ? this.stmt(sql).run(...params) : this.stmt(sql).run(params)).changes;
  }

  all<T>(sql: string, params?: Params): Promise<T[]> {
    return this.gate ? this.turn(() => this.allNow<T>(sql, params)) : Promise.resolve(this.allNow<T>(sql, params));
  }
  get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return this.gate ? this.turn(() => this.getNow<T>(sql, params)) : Promise.resolve(this.getNow<T>(sql, params));
  }
  run(sql: string, params?: Params): Promise<number> {
    return this.gate ? this.turn(() => this.runNow(sql, params)) : Promise.resolve(this.runNow(sql, params));
  }

  async tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    while (this.gate) await this.gate;
    let open!: () => void;
    this.gate = new Promise((r) => (open = r));
    const inner = new SqliteTx(this);
    this.raw.exec("BEGIN IMMEDIATE");
    try {
      const out = await fn(inner);
      this.raw.exec("COMMIT");
      return out;
    } catch (err) {
      if (this.raw.inTransaction) this.raw.exec("ROLLBACK");
      throw err;
    } finally {
      this.gate = undefined;
      open();
    }
  }

  async close(): Promise<void> {
    while (this.gate) await this.gate;
    this.raw.close();
  }
}

/** The handle a transaction's body uses: runs at once, past the gate its own transaction holds. */
class SqliteTx implements Sql {
  readonly dialect = "sqlite";
  constructor(private readonly db: SqliteSql) {}
  all<T>(sql: string, params?: Params): Promise<T[]> {
    return Promise.resolve(this.db.allNow<T>(sql, params));
  }
  get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return Promise.resolve(this.db.getNow<T>(sql, params));
  }
  run(sql: string, params?: Params): Promise<number> {
    return Promise.resolve(this.db.runNow(sql, params));
  }
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return fn(this);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
