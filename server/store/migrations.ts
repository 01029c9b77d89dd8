import "server-only";
import type Database from "better-sqlite3";

// Append-only: a shipped migration is never edited, only followed by a new one.
const MIGRATIONS: string[] = [
  `
  CREATE TABLE users (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer','operator','admin')),
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer','operator','admin')),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT
  );
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    source TEXT,
    target TEXT,
    params TEXT,
    outcome TEXT NOT NULL,
    counts TEXT,
    error TEXT
  );
  CREATE INDEX audit_at ON audit(at);
  CREATE TABLE series (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    entity TEXT NOT NULL,
    metric TEXT NOT NULL,
    UNIQUE (source, entity, metric)
  );
  -- One table per resolution; ts is unix ms at the start of the bucket.
  CREATE TABLE samples_raw (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (series_id, ts)) WITHOUT ROWID;
  CREATE TABLE samples_1m (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, PRIMARY KEY (series_id, ts)) WITHOUT ROWID;
  CREATE TABLE samples_15m (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, PRIMARY KEY (series_id, ts)) WITHOUT ROWID;
  CREATE TABLE rollup_state (tier TEXT PRIMARY KEY, done_until INTEGER NOT NULL);
  CREATE TABLE sign_in_failures (key TEXT PRIMARY KEY, count INTEGER NOT NULL, last_at INTEGER NOT NULL);
  `,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
