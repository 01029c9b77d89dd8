import "server-only";
import pg from "pg";
import { errorText, secretsOfUrl } from "@/server/redact";
import { openDb } from "./db";
import type { Sql } from "./sql";
import { PgSql } from "./postgres/sql";
import { migratePg } from "./postgres/migrations";

/** Connections per replica: the collector's writes, maintenance, and request reads side by side. */
const POOL_SIZE = 10;

/**
 * The store QueueDeck runs on: PostgreSQL when QUEUEDECK_DATABASE_URL is a postgres:// URL
 * (migrated at start), else SQLite in the data folder.
 */
export async function openStore(env: Readonly<Record<string, string | undefined>>, dataDir: string): Promise<Sql> {
  const url = env.QUEUEDECK_DATABASE_URL;
  if (!url) return openDb(dataDir);
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error("QUEUEDECK_DATABASE_URL must be a postgres:// URL (unset it to use SQLite)");
  return openPostgres(url);
}

/** Opens and migrates; errors never carry the URL's password. */
export async function openPostgres(url: string, poolSize = POOL_SIZE): Promise<PgSql> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: "queuedeck" });
  // An idle connection the server drops must not crash the process; the pool replaces it.
  pool.on("error", (err) => console.error(`[store] postgres connection lost: ${errorText(err, secretsOfUrl(url))}`));
  try {
    await migratePg(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`could not open the PostgreSQL store: ${errorText(err, secretsOfUrl(url))}`);
  }
  return new PgSql(pool);
}
