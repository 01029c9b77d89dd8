import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/stores";
import { openPostgres, openStore } from "./open";
import { migratePg, PG_MIGRATIONS } from "./postgres/migrations";

describe("opening the PostgreSQL store", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it("migrates once when several replicas start at the same moment", async () => {
    const pools = Array.from({ length: 3 }, () => new pg.Pool({ connectionString: database.url, max: 2 }));
    try {
      await Promise.all(pools.map((p) => migratePg(p)));
      await migratePg(pools[0]!);
      const { rows } = await pools[0]!.query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
      expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
      const { rows: ext } = await pools[0]!.query<{ extname: string }>("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'");
      expect(ext).toEqual([{ extname: "pg_trgm" }]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it("is chosen by QUEUEDECK_DATABASE_URL, and SQLite stays the default", async () => {
    const onPg = await openStore({ QUEUEDECK_DATABASE_URL: database.url }, "/nonexistent");
    expect(onPg.dialect).toBe("postgres");
    await onPg.close();
    await expect(openStore({ QUEUEDECK_DATABASE_URL: "mysql://x@h/db" }, ":memory:")).rejects.toThrow(/must be a postgres:\/\/ URL/);
    const onSqlite = await openStore({}, ":memory:");
    expect(onSqlite.dialect).toBe("sqlite");
    await onSqlite.close();
  });
}, 30_000);

describe("a PostgreSQL store that cannot be opened", () => {
  it("says why without the URL's password", async () => {
    const err = await openPostgres("postgres://queuedeck:Pg-S3cret-pw@127.0.0.1:1/queuedeck").catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/could not open the PostgreSQL store: .*ECONNREFUSED/);
    expect((err as Error).message).not.toContain("Pg-S3cret-pw");
  });
});
