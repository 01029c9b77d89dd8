import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { QueueDeckConfig } from "@/lib/config-schema";
import { accountSettings, celeryHistoryRetention, loadConfig, type AccountSettings } from "./config";
import type { Db } from "./store/db";
import { openStore } from "./store/open";
import { SeriesStore } from "./store/series";
import { AuditLog } from "./store/audit";
import { UserStore } from "./auth/users";
import { SessionStore } from "./auth/sessions";
import { TokenStore } from "./auth/tokens";
import { SignInThrottle } from "./auth/throttle";
import { DeviceCookies } from "./auth/device-cookie";
import { generatePassword } from "./auth/password";
import { loadSharedKey } from "./auth/secret-key";
import { startPruning } from "./store/retention";
import { Collector } from "./collector/collector";
import { Operations } from "./actions/operations";
import { OperationStore } from "./actions/operation-store";
import { interruptOrphans, REPLICA_TTL_MS } from "./actions/orphans";
import { replicaIdOf } from "./replicas/identity";
import { liveReplicaIds } from "./replicas/liveness";
import { Coalescer, LIVE_READ_SHARE_MS } from "./shared-reads/coalesce";
import { CeleryHistoryStore, type Retention } from "./celery-history/store";
import { startCeleryHistory, type CeleryEventSource } from "./celery-history/receiver";
import { reconcileFromBackend } from "./celery-history/reconcile";
import { AlertEngine } from "./alerts/engine";
import { LearntReasonStore } from "./dead-letters/learnt-reasons";
import { DomainError } from "./errors";
import { errorText } from "./redact";
import { ReplicaCoordinator } from "./replicas/coordinator";
import { handOverOnExit } from "./replicas/hand-over";
import { SoloPlan } from "./collector/plan";

export interface Runtime {
  config: QueueDeckConfig;
  dataDir: string;
  db: Db;
  series: SeriesStore;
  audit: AuditLog;
  users: UserStore;
  sessions: SessionStore;
  tokens: TokenStore;
  throttle: SignInThrottle;
  devices: DeviceCookies;
  /** Keys the hash that names unknown users in the audit (server/auth/actor.ts). */
  auditNameKey: Buffer;
  /** Signs the single sign-on flow cookie (server/auth/oidc-flow-cookie.ts). */
  oidcFlowKey: Buffer;
  accountSettings: AccountSettings;
  collector: Collector;
  operations: Operations;
  /** Live broker reads that pages poll (queue detail), shared among tabs; key `source\0...`. */
  liveReads: Coalescer<unknown>;
  /** Celery task history (GET .../tasks), written by one events receiver per Celery source. */
  celeryHistory: CeleryHistoryStore;
  /** Source id -> stop() of its history receiver. */
  celeryReceivers: Map<string, () => Promise<void>>;
  /** Alert rules, webhooks and history; evaluated after each collector tick. */
  alerts: AlertEngine;
  /** RabbitMQ dead letters' reasons learnt by peeks and replays, for the inbox (which never reads messages itself). */
  learntReasons: LearntReasonStore;
}

/** However many tabs poll a queue page, its live read reaches the broker at most this often. */
const liveReadTtl = (v: string | undefined) => (v !== undefined && v !== "" && Number(v) >= 0 ? Number(v) : LIVE_READ_SHARE_MS);

// Next.js may load server modules in more than one bundle: the one runtime lives on globalThis.
const KEY = Symbol.for("queuedeck.runtime");
type Holder = { [KEY]?: Promise<Runtime> };

export function getRuntime(): Promise<Runtime> {
  const g = globalThis as Holder;
  g[KEY] ??= createRuntime(process.env).catch((err: unknown) => {
    delete g[KEY];
    throw err;
  });
  return g[KEY];
}

async function createRuntime(env: NodeJS.ProcessEnv): Promise<Runtime> {
  const config = loadConfig(env);
  const retention = celeryHistoryRetention(env);
  const settings = accountSettings(env);
  // The data folder is chosen at run time, not a build input: keep it out of file tracing.
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.QUEUEDECK_DATA_DIR ?? "./data");
  const db = await openStore(env, dataDir);
  // Cookie keys live in the store, so every replica on one database signs and verifies alike.
  const devices = await DeviceCookies.load(db, dataDir);
  const auditNameKey = await loadSharedKey(db, dataDir, "audit-name.key");
  const oidcFlowKey = await loadSharedKey(db, dataDir, "oidc-flow.key");
  const series = new SeriesStore(db);
  const users = new UserStore(db);
  await ensureFirstAdmin(users, dataDir, env);
  const celeryHistory = new CeleryHistoryStore(db);
  const intervalMs = Number(env.QUEUEDECK_COLLECTOR_INTERVAL_MS ?? config.collector?.intervalMs ?? 5000);
  const replicaId = replicaIdOf(env);
  const coordinator = db.dialect === "postgres" ? new ReplicaCoordinator(db, replicaId, intervalMs) : undefined;
  const collector = new Collector(
    config.sources,
    series,
    { intervalMs, timeoutMs: config.collector?.timeoutMs ?? 30_000 },
    { celeryCounts: (id, since) => celeryHistory.finishedAndFailed(id, since) },
    coordinator ?? new SoloPlan(replicaId),
  );
  const alerts = await AlertEngine.open(db, undefined, {
    celeryFailures: async (id) => (await celeryHistory.failures(id)).map((f) => ({ name: f.name, count: f.count })),
  });
  collector.onTick((source, snap) => alerts.onTick(source, snap));
  const celeryReceivers = followCeleryReceivers(collector, celeryHistory, retention);
  if (coordinator) {
    collector.onHold((source, held) => {
      if (!held) return alerts.forgetSource(source.id);
      alerts.adoptSource(source.id).catch((err: unknown) => console.error(`[alerts] ${source.id}: reading its firing alerts failed: ${errorText(err)}`));
    });
    coordinator.every(() => alerts.syncRules());
  }
  collector.start();
  if (coordinator) handOverOnExit(coordinator);
  const audit = new AuditLog(db);
  const sessions = new SessionStore(db, settings.sessionIdleMs);
  const throttle = new SignInThrottle(db);
  startPruning({ audit, sessions, throttle }, settings.auditRetentionMs);
  const operations = await openOperations(db, audit, replicaId);
  coordinator?.every(async () => {
    await interruptOrphans({ operations, audit }, await liveReplicaIds(db, REPLICA_TTL_MS));
    await operations.pollCancels();
  });
  return {
    config,
    dataDir,
    db,
    series,
    audit,
    users,
    sessions,
    tokens: new TokenStore(db),
    throttle,
    devices,
    auditNameKey,
    oidcFlowKey,
    accountSettings: settings,
    collector,
    operations,
    liveReads: new Coalescer<unknown>(liveReadTtl(env.QUEUEDECK_LIVE_READ_TTL_MS)),
    celeryHistory,
    celeryReceivers,
    alerts,
    learntReasons: new LearntReasonStore(db),
  };
}

/**
 * Operations cut short by the last stop or kill (of this replica id, or of a replica no longer
 * alive) are marked (and audited) as interrupted before any new one starts.
 */
async function openOperations(db: Db, audit: AuditLog, replicaId: string): Promise<Operations> {
  const store = new OperationStore(db, replicaId);
  const operations = new Operations(store);
  await interruptOrphans({ operations, audit }, await liveReplicaIds(db, REPLICA_TTL_MS));
  await store.prune();
  return operations;
}

/**
 * One history receiver per Celery source, on its adapter's events hub, run by the replica that
 * samples the source (with replicas, one writer per source's history).
 */
function followCeleryReceivers(collector: Collector, store: CeleryHistoryStore, retention: Retention): Map<string, () => Promise<void>> {
  const stops = new Map<string, () => Promise<void>>();
  collector.onHold((source, held) => {
    const adapter = collector.samplers.get(source.id)?.adapter;
    if (source.kind !== "celery" || !adapter || !("events" in adapter)) return;
    const stop = stops.get(source.id);
    if (!held) {
      stops.delete(source.id);
      void stop?.();
      return;
    }
    if (stop) return;
    stops.set(source.id, startCeleryHistory(source.id, adapter.events as CeleryEventSource, store, { retention }));
    // Tasks that ended while nobody received their events: their final state from the result backend.
    if (source.resultBackendUrl) void reconcileFromBackend(source.id, source.resultBackendUrl, store);
  });
  return stops;
}

/**
 * The first admin is `admin`, with QUEUEDECK_ADMIN_PASSWORD or a generated password that is
 * printed once and kept (mode 0600) in the data folder for the demo script to show.
 */
async function ensureFirstAdmin(users: UserStore, dataDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  if ((await users.count()) > 0) return;
  const given = env.QUEUEDECK_ADMIN_PASSWORD;
  const password = given && given.length > 0 ? given : generatePassword();
  try {
    await users.create("admin", password, "admin");
  } catch (err) {
    // Another replica on the same database created it first.
    if (err instanceof DomainError && err.code === "conflict") return;
    throw err;
  }
  if (!given) {
    const file = path.join(dataDir, "initial-admin-password");
    fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
    console.log(`[queuedeck] created user "admin" with password: ${password}  (also in ${file}; change it after signing in)`);
  }
}
