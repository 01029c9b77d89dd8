import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./migrations";
import type { Sql } from "./sql";
import { SqliteSql } from "./sqlite/sql";

/** What the store domains take: SQLite here, or PostgreSQL (server/store/open.ts). */
export type Db = Sql;

export const DB_FILE = "queuedeck.sqlite";
/** The store holds password hashes, token hashes and the audit: only our own user may read it. */
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

/** Opens (and migrates) the dashboard's own SQLite database in `dir`. ":memory:" for tests. */
export function openDb(dir: string): SqliteSql {
  let file = ":memory:";
  if (dir !== ":memory:") {
    secureDataDir(dir);
    file = path.join(dir, DB_FILE);
    // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the mode of the database file.
    fs.closeSync(fs.openSync(file, "a", DATA_FILE_MODE));
  }
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  if (file !== ":memory:") tightenFiles(file);
  migrate(db);
  return new SqliteSql(db);
}

/**
 * The data folder is 0700 whatever the umask; a folder that already exists with wider modes
 * (made by an older version or by hand) is tightened, and that is said once in the log.
 * A shared folder (sticky bit, such as /tmp) is never ours to change: it is only warned about.
 */
function secureDataDir(dir: string): void {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
    fs.chmodSync(dir, DATA_DIR_MODE);
    return;
  }
  const mode = fs.statSync(dir).mode & 0o7777;
  if ((mode & 0o777) === DATA_DIR_MODE) return;
  if (mode & 0o1000) {
    console.warn(`[store] data folder ${dir} is shared (mode ${octal(mode)}): set QUEUEDECK_DATA_DIR to a folder of its own`);
    return;
  }
  fs.chmodSync(dir, DATA_DIR_MODE);
  console.warn(`[store] data folder ${dir} had mode ${octal(mode)}; tightened to ${octal(DATA_DIR_MODE)}`);
}

/** The database and its WAL files, also when they were made before modes were set. */
function tightenFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((fs.statSync(/*turbopackIgnore: true*/ f).mode & 0o777) !== DATA_FILE_MODE) fs.chmodSync(/*turbopackIgnore: true*/ f, DATA_FILE_MODE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
}

const octal = (mode: number) => `0${mode.toString(8)}`;
