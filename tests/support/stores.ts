import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb } from "@/server/store/db";
import type { Sql } from "@/server/store/sql";

// The store tests run on every engine the store has, each test on a fresh store.

export const STORE_KINDS = ["sqlite"] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface TestStore {
  kind: StoreKind;
  db: Sql;
  /** The same store opened again, as a restarted QueueDeck would (the open one stays open). */
  reopen(): Promise<Sql>;
  /** SQLite's data folder (a fresh temporary one). */
  dir: string;
  close(): Promise<void>;
}

export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-store-"));
  const opened: Sql[] = [openDb(dir)];
  return {
    kind,
    db: opened[0]!,
    dir,
    reopen: async () => {
      const db = openDb(dir);
      opened.push(db);
      return db;
    },
    close: async () => {
      for (const d of opened) await d.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Per test. */
export const STORE_TEST_TIMEOUT = 30_000;
