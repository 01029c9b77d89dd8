import "server-only";
import type Database from "better-sqlite3";
import { readableRabbitAuditTargets } from "./audit-targets";
import { accountControls } from "./accounts-migration";

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
  // 4: Celery task history (server/celery-history/), one row per (source, task id), merged from
  // the task's events. `pk` orders rows as they arrive; `ts` (ms, the first event seen) is the
  // list's order and its keyset cursor (ts, pk). Partial indexes stay small: most tasks are their
  // own root, belong to no group and were not retried by QueueDeck. Text search is a trigram
  // index over args, kwargs and exception (detail=none: a quarter of the size of detail=full;
  // LIKE then checks the row itself).
  `
  CREATE TABLE celery_tasks (
    pk INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    task_id TEXT NOT NULL,
    ts INTEGER NOT NULL,
    name TEXT,
    state TEXT NOT NULL,
    state_at INTEGER NOT NULL,
    worker TEXT,
    queue TEXT,
    exchange TEXT,
    routing_key TEXT,
    args TEXT,
    kwargs TEXT,
    result TEXT,
    exception TEXT,
    traceback TEXT,
    eta TEXT,
    expires TEXT,
    retries INTEGER NOT NULL DEFAULT 0,
    parent_id TEXT,
    root_id TEXT,
    group_id TEXT,
    sent_at INTEGER,
    received_at INTEGER,
    started_at INTEGER,
    finished_at INTEGER,
    runtime REAL,
    timeline TEXT NOT NULL DEFAULT '[]',
    retried_from TEXT,
    search_text TEXT GENERATED ALWAYS AS (coalesce(args, '') || char(10) || coalesce(kwargs, '') || char(10) || coalesce(exception, '')) VIRTUAL,
    UNIQUE (source, task_id)
  );
  CREATE INDEX celery_tasks_ts ON celery_tasks (source, ts);
  CREATE INDEX celery_tasks_state ON celery_tasks (source, state, ts);
  CREATE INDEX celery_tasks_name ON celery_tasks (source, name, ts);
  CREATE INDEX celery_tasks_worker ON celery_tasks (source, worker, ts);
  -- Covers the per-minute stats (GET .../tasks/stats), for the source or one name, without row reads.
  CREATE INDEX celery_tasks_finished ON celery_tasks (source, finished_at, name, state, runtime, received_at, started_at) WHERE finished_at IS NOT NULL;
  CREATE INDEX celery_tasks_root ON celery_tasks (source, root_id) WHERE root_id <> task_id;
  CREATE INDEX celery_tasks_group ON celery_tasks (source, group_id) WHERE group_id IS NOT NULL;
  CREATE INDEX celery_tasks_retried_from ON celery_tasks (source, retried_from) WHERE retried_from IS NOT NULL;
  CREATE VIRTUAL TABLE celery_tasks_text USING fts5 (
    search_text, content = 'celery_tasks', content_rowid = 'pk', tokenize = 'trigram', detail = none, columnsize = 0
  );
  CREATE TRIGGER celery_tasks_text_ai AFTER INSERT ON celery_tasks BEGIN
    INSERT INTO celery_tasks_text (rowid, search_text) VALUES (new.pk, new.search_text);
  END;
  CREATE TRIGGER celery_tasks_text_ad AFTER DELETE ON celery_tasks BEGIN
    INSERT INTO celery_tasks_text (celery_tasks_text, rowid, search_text) VALUES ('delete', old.pk, old.search_text);
  END;
  CREATE TRIGGER celery_tasks_text_au AFTER UPDATE OF args, kwargs, exception ON celery_tasks
  WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT INTO celery_tasks_text (celery_tasks_text, rowid, search_text) VALUES ('delete', old.pk, old.search_text);
    INSERT INTO celery_tasks_text (rowid, search_text) VALUES (new.pk, new.search_text);
  END;
  `,
  // 5: usernames unique ignoring case, disabled users, session idle time, token expiry, audit
  // actors with a kind and an id (server/store/accounts-migration.ts).
  accountControls,
  // 6: long actions (replay, retry-all...) outlive the process that ran them: a row still
  // 'running' at start was cut short by a stop or kill and is shown as 'interrupted'.
  // if_interrupted says what stays true after such a stop; finish_audit is the audit row the
  // end of the operation writes (also when it is found interrupted).
  `
  CREATE TABLE operations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    source TEXT,
    target TEXT,
    status TEXT NOT NULL CHECK (status IN ('running','done','failed','cancelled','interrupted')),
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    error TEXT,
    note TEXT,
    if_interrupted TEXT,
    finish_audit TEXT
  );
  CREATE INDEX operations_started ON operations (started_at);
  CREATE INDEX operations_running ON operations (status) WHERE status = 'running';
  `,
  // 7: alert rules, their webhooks and the alert history (server/alerts/). A webhook's secret is
  // kept as given: deliveries sign with it; no response carries it. A history row holds the
  // rule as it was when the alert changed state, and each webhook's delivery outcome (JSON).
  `
  CREATE TABLE alert_webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('json','slack')),
    created_at TEXT NOT NULL
  );
  CREATE TABLE alert_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    entity TEXT NOT NULL,
    metric TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('>','<')),
    threshold REAL NOT NULL,
    for_seconds INTEGER NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('critical','warning','info')),
    webhook_ids TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE alert_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('firing','resolved')),
    rule_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    severity TEXT NOT NULL,
    source TEXT NOT NULL,
    entity TEXT NOT NULL,
    metric TEXT NOT NULL,
    op TEXT NOT NULL,
    threshold REAL NOT NULL,
    value REAL NOT NULL,
    deliveries TEXT NOT NULL DEFAULT '[]'
  );
  `,
  // Roles per source (lib/grants.ts): users and tokens carry a JSON list of grants; what they
  // had becomes their role on every source. `role` stays, written as the highest role of the
  // grants, for readers that predate grants (server/auth/grant-column.ts reads a NULL as role on "*").
  // users.external: 'oidc' for accounts made by single sign-on, which have no usable password.
  `
  ALTER TABLE users ADD COLUMN grants TEXT;
  ALTER TABLE users ADD COLUMN external TEXT;
  ALTER TABLE api_tokens ADD COLUMN grants TEXT;
  UPDATE users SET grants = json_array(json_object('role', role, 'sources', '*'));
  UPDATE api_tokens SET grants = json_array(json_object('role', role, 'sources', '*'));
  `,
  // Replicas (server/replicas): an operation belongs to the replica that runs it, and a cancel
  // asked of another replica waits in the row for its owner. The keys that sign cookies live in
  // the store, so every replica on one database signs alike (server/auth/secret-key.ts).
  `
  ALTER TABLE operations ADD COLUMN replica TEXT;
  ALTER TABLE operations ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE secret_keys (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // RabbitMQ dead letters' reasons learnt by peeks and replays (server/dead-letters/learnt-reasons.ts):
  // kept across restarts and shared by replicas.
  `
  CREATE TABLE learnt_reasons (source_id TEXT NOT NULL, queue_id TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (source_id, queue_id));
  `,
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
