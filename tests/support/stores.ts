import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import pg from "pg";
import { openDb } from "@/server/store/db";
import { openPostgres } from "@/server/store/open";
import type { Sql } from "@/server/store/sql";

// The same store tests run on both engines. PostgreSQL runs get a database of their own,
// created for the test and dropped after it.

export const STORE_KINDS = ["sqlite", "postgres"] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface TestStore {
  kind: StoreKind;
  db: Sql;
  /** The same store opened again, as a restarted QueueDeck would (the open one stays open). */
  reopen(): Promise<Sql>;
  /** For tests that start a server on this store: QUEUEDECK_DATABASE_URL, or undefined for SQLite. */
  url?: string;
  /** SQLite's data folder (a fresh temporary one). */
  dir: string;
  close(): Promise<void>;
}

/** Where tests create their databases: QUEUEDECK_TEST_DATABASE_URL (written by scripts/brokers.sh up postgres). */
export function testDatabaseUrl(): string {
  const url = process.env.QUEUEDECK_TEST_DATABASE_URL;
  if (!url) throw new Error("QUEUEDECK_TEST_DATABASE_URL is not set: run `scripts/brokers.sh up postgres` and source .cache/brokers.env");
  return url;
}

/** A fresh, empty PostgreSQL database; `drop` removes it (and ends its connections). */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = testDatabaseUrl();
  const name = `qd_test_${crypto.randomBytes(6).toString("hex")}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-store-"));
  const opened: Sql[] = [];
  const open = async (make: () => Promise<Sql> | Sql) => {
    const db = await make();
    opened.push(db);
    return db;
  };
  if (kind === "sqlite") {
    const db = await open(() => openDb(dir));
    return {
      kind,
      db,
      dir,
      reopen: () => open(() => openDb(dir)),
      close: async () => {
        for (const d of opened) await d.close().catch(() => undefined);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createTestDatabase();
  const db = await open(() => openPostgres(database.url, 4));
  return {
    kind,
    db,
    dir,
    url: database.url,
    reopen: () => open(() => openPostgres(database.url, 4)),
    close: async () => {
      for (const d of opened) await d.close().catch(() => undefined);
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Per test: a PostgreSQL run creates a database and talks over a socket. */
export const STORE_TEST_TIMEOUT = 30_000;
