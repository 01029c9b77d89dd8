import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./migrations";

export type Db = Database.Database;

/** Opens (and migrates) the dashboard's own SQLite database in `dir`. ":memory:" for tests. */
export function openDb(dir: string): Db {
  let file = ":memory:";
  if (dir !== ":memory:") {
    fs.mkdirSync(dir, { recursive: true });
    file = path.join(dir, "queuedeck.sqlite");
  }
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}
