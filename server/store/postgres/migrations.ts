import "server-only";
import type pg from "pg";

// The PostgreSQL schema: the same tables and columns as SQLite's (server/store/migrations.ts),
// so the same SQL reads both. Times are kept as SQLite keeps them (unix ms in BIGINT, ISO text
// in TEXT) so comparisons and ordering behave alike. Append-only, like SQLite's list: a change
// to the schema appends a migration to BOTH lists.
export const PG_MIGRATIONS: string[] = [
  // 1: everything SQLite's migrations 1-7 built.
  `
  CREATE TABLE users (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer','operator','admin')),
    created_at TEXT NOT NULL,
    name_key TEXT UNIQUE,
    disabled INTEGER NOT NULL DEFAULT 0,
    password_changed_at TEXT
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_used_at BIGINT
  );
  CREATE INDEX sessions_username ON sessions (username);
  CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer','operator','admin')),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    expires_at TEXT
  );
  CREATE TABLE audit (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_kind TEXT NOT NULL DEFAULT 'user',
    actor_id TEXT,
    action TEXT NOT NULL,
    source TEXT,
    target TEXT,
    params TEXT,
    outcome TEXT NOT NULL,
    counts TEXT,
    error TEXT
  );
  CREATE INDEX audit_at ON audit (at);
  CREATE TABLE series (
    id BIGSERIAL PRIMARY KEY,
    source TEXT NOT NULL,
    entity TEXT NOT NULL,
    metric TEXT NOT NULL,
    UNIQUE (source, entity, metric)
  );
  CREATE TABLE ticks (source TEXT NOT NULL, ts BIGINT NOT NULL, PRIMARY KEY (source, ts));
  CREATE TABLE points_raw (ts BIGINT NOT NULL, series_id BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL, PRIMARY KEY (ts, series_id));
  CREATE TABLE points_1m (ts BIGINT NOT NULL, series_id BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL, min DOUBLE PRECISION NOT NULL, max DOUBLE PRECISION NOT NULL, PRIMARY KEY (ts, series_id));
  CREATE TABLE points_15m (ts BIGINT NOT NULL, series_id BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL, min DOUBLE PRECISION NOT NULL, max DOUBLE PRECISION NOT NULL, PRIMARY KEY (ts, series_id));
  CREATE TABLE rollup_state (tier TEXT PRIMARY KEY, done_until BIGINT NOT NULL);
  CREATE TABLE sign_in_failures (key TEXT PRIMARY KEY, count INTEGER NOT NULL, first_at BIGINT, last_at BIGINT NOT NULL);
  -- Task ids compare byte-wise (COLLATE "C"): a prefix search is task_id >= q AND task_id < q || U+FFFF.
  CREATE TABLE celery_tasks (
    pk BIGSERIAL PRIMARY KEY,
    source TEXT NOT NULL,
    task_id TEXT COLLATE "C" NOT NULL,
    ts BIGINT NOT NULL,
    name TEXT,
    state TEXT NOT NULL,
    state_at BIGINT NOT NULL,
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
    sent_at BIGINT,
    received_at BIGINT,
    started_at BIGINT,
    finished_at BIGINT,
    runtime DOUBLE PRECISION,
    timeline TEXT NOT NULL DEFAULT '[]',
    retried_from TEXT,
    search_text TEXT GENERATED ALWAYS AS (coalesce(args, '') || chr(10) || coalesce(kwargs, '') || chr(10) || coalesce(exception, '')) STORED,
    UNIQUE (source, task_id)
  );
  CREATE INDEX celery_tasks_ts ON celery_tasks (source, ts);
  CREATE INDEX celery_tasks_state ON celery_tasks (source, state, ts);
  CREATE INDEX celery_tasks_name ON celery_tasks (source, name, ts);
  CREATE INDEX celery_tasks_worker ON celery_tasks (source, worker, ts);
  CREATE INDEX celery_tasks_finished ON celery_tasks (source, finished_at, name, state, runtime, received_at, started_at) WHERE finished_at IS NOT NULL;
  CREATE INDEX celery_tasks_root ON celery_tasks (source, root_id) WHERE root_id <> task_id;
  CREATE INDEX celery_tasks_group ON celery_tasks (source, group_id) WHERE group_id IS NOT NULL;
  CREATE INDEX celery_tasks_retried_from ON celery_tasks (source, retried_from) WHERE retried_from IS NOT NULL;
  -- Text search (GET .../tasks?q=): a trigram index answers ILIKE '%q%' (pg_trgm).
  CREATE INDEX celery_tasks_text ON celery_tasks USING gin (search_text gin_trgm_ops);
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
  CREATE TABLE alert_webhooks (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('json','slack')),
    created_at TEXT NOT NULL
  );
  CREATE TABLE alert_rules (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    entity TEXT NOT NULL,
    metric TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('>','<')),
    threshold DOUBLE PRECISION NOT NULL,
    for_seconds INTEGER NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('critical','warning','info')),
    webhook_ids TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE alert_events (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('firing','resolved')),
    rule_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    severity TEXT NOT NULL,
    source TEXT NOT NULL,
    entity TEXT NOT NULL,
    metric TEXT NOT NULL,
    op TEXT NOT NULL,
    threshold DOUBLE PRECISION NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    deliveries TEXT NOT NULL DEFAULT '[]'
  );
  `,
  // 2: SQLite's 8, roles per source: grants on users and tokens, SSO users (users.external).
  `
  ALTER TABLE users ADD COLUMN grants TEXT;
  ALTER TABLE users ADD COLUMN external TEXT;
  ALTER TABLE api_tokens ADD COLUMN grants TEXT;
  UPDATE users SET grants = json_build_array(json_build_object('role', role, 'sources', '*'))::text;
  UPDATE api_tokens SET grants = json_build_array(json_build_object('role', role, 'sources', '*'))::text;
  `,
  // 3: SQLite's 9 (operations' replica and cancel_requested, secret_keys), and what only replicas
  // on PostgreSQL use (server/replicas): who is alive, who samples each source, and the latest
  // snapshot of each source for the replicas that do not sample it. Times are the database's clock.
  `
  ALTER TABLE operations ADD COLUMN replica TEXT;
  ALTER TABLE operations ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE secret_keys (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE replicas (id TEXT PRIMARY KEY, started_at TIMESTAMPTZ NOT NULL DEFAULT now(), seen_at TIMESTAMPTZ NOT NULL);
  CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, acquired_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL);
  CREATE TABLE source_snapshots (source_id TEXT PRIMARY KEY, sampled_by TEXT NOT NULL, sampled_at BIGINT NOT NULL, body TEXT NOT NULL);
  `,
  // 4: SQLite's 10, RabbitMQ dead letters' learnt reasons.
  `
  CREATE TABLE learnt_reasons (source_id TEXT NOT NULL, queue_id TEXT NOT NULL, at BIGINT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (source_id, queue_id));
  `,
];

/** Any 64-bit number of our own: the lock that makes migrations run once when replicas start together. */
const MIGRATION_LOCK = 0x5155_4544_4543_4b;

/**
 * Brings the schema up to date in one transaction under a transaction-level advisory lock:
 * replicas starting at once wait for the first, then find nothing left to do.
 */
export async function migratePg(pool: pg.Pool, migrations: readonly string[] = PG_MIGRATIONS): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm");
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    const { rows } = await client.query<{ v: number | null }>("SELECT max(version) AS v FROM schema_migrations");
    for (let v = rows[0]?.v ?? 0; v < migrations.length; v++) {
      await client.query(migrations[v]!);
      await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [v + 1]);
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
