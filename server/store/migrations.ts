import "server-only";
import type Database from "better-sqlite3";
import { readableRabbitAuditTargets } from "./audit-targets";

/** SQL, or a function for what SQL cannot say; each runs in its own transaction. */
type Migration = string | ((db: Database.Database) => void);

// Append-only: a shipped migration is never edited, only followed by a new one.
export const MIGRATIONS: Migration[] = [
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
  // 2: chart history keyed by time first (see server/store/series.ts): writes append, pruning
  // drops the head. The ticks table lists when each source recorded raw samples.
  `
  CREATE TABLE ticks (source TEXT NOT NULL, ts INTEGER NOT NULL, PRIMARY KEY (source, ts)) WITHOUT ROWID;
  CREATE TABLE points_raw (ts INTEGER NOT NULL, series_id INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (ts, series_id)) WITHOUT ROWID;
  CREATE TABLE points_1m (ts INTEGER NOT NULL, series_id INTEGER NOT NULL, value REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, PRIMARY KEY (ts, series_id)) WITHOUT ROWID;
  CREATE TABLE points_15m (ts INTEGER NOT NULL, series_id INTEGER NOT NULL, value REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, PRIMARY KEY (ts, series_id)) WITHOUT ROWID;
  INSERT OR IGNORE INTO ticks (source, ts) SELECT DISTINCT s.source, r.ts FROM samples_raw r JOIN series s ON s.id = r.series_id;
  INSERT INTO points_raw (ts, series_id, value) SELECT ts, series_id, value FROM samples_raw ORDER BY ts, series_id;
  INSERT INTO points_1m (ts, series_id, value, min, max) SELECT ts, series_id, value, min, max FROM samples_1m ORDER BY ts, series_id;
  INSERT INTO points_15m (ts, series_id, value, min, max) SELECT ts, series_id, value, min, max FROM samples_15m ORDER BY ts, series_id;
  DROP TABLE samples_raw;
  DROP TABLE samples_1m;
  DROP TABLE samples_15m;
  `,
  // 3: RabbitMQ audit rows written before issue 7 named their target by opaque id.
  readableRabbitAuditTargets,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      const m = MIGRATIONS[v]!;
      if (typeof m === "string") db.exec(m);
      else m(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
