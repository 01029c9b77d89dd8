import "server-only";
import type { CeleryQueueDto } from "@/lib/celery";
import type { CelerySourceConfig } from "@/lib/config-schema";
import { TASK_RATE_PATTERN } from "@/lib/celery";
import { seriesKey } from "@/lib/series-key";
import { errorText, secretsOfUrl } from "@/server/redact";
import { invalid, unavailable } from "@/server/errors";
import { healthOnlySample, type BrokerAdapter, type Health, type Sample } from "../adapter";
import { PROBE_TIMEOUT_MS, withTimeout } from "../timeout";
import { priorityQueueKeys } from "./envelope";
import {
  activeTasks,
  taskRow,
  versionFromReport,
  versionText,
  workerRows,
} from "./map";
import { BlockingPool, closeRedis, createRedis, dbOfUrl, type TrackedRedis } from "./redis-clients";
import { RemoteControl, outcomes, type Replies } from "./remote-control";
import type { RevokeOps, TaskRateLimitOps } from "../ops/tasks";

/** Reply window of one remote-control round: a sample never waits on workers longer than this. */
export const CONTROL_WINDOW_MS = 1000;
// Versions come from `report` (stats has no sw_ver in Celery 5.2); refreshed now and then.
const VERSION_TTL_MS = 10 * 60_000;
const SIGNAL = /^(SIG)?[A-Z0-9]{2,10}$/;

/**
 * Celery's adapter with its operations typed, plus `ping` (readiness checks of test and demo
 * workers): hostnames of the workers that answered within `timeoutMs`.
 */
export type CeleryAdapter = BrokerAdapter<{ revoke: RevokeOps; taskRateLimit: TaskRateLimitOps }> & {
  ping(opts?: { destination?: string[]; timeoutMs?: number }): Promise<string[]>;
};

export function createCeleryAdapter(config: CelerySourceConfig): CeleryAdapter {
  const secrets = [...secretsOfUrl(config.brokerUrl), ...(config.resultBackendUrl ? secretsOfUrl(config.resultBackendUrl) : [])];
  const broker = createRedis(config.brokerUrl, "broker");
  const backend = config.resultBackendUrl ? createRedis(config.resultBackendUrl, "backend") : null;
  const pool = new BlockingPool(config.brokerUrl);
  const control = new RemoteControl(broker.client, pool, dbOfUrl(config.brokerUrl));

  const versions = new Map<string, string>();
  let versionsAt = 0;
  let hostsWithoutVersion = true;

  /** ioredis says "max retries" or "connection closed"; the socket's own error is what a user needs. */
  function describe(err: unknown, conn: TrackedRedis): string {
    const msg = err instanceof Error ? err.message : "";
    const last = conn.lastError();
    const generic = /max retries|Connection is closed|Stream isn't writeable/i.test(msg);
    return errorText(generic && last ? last : err, secrets);
  }

  function down(err: unknown): Health {
    return { status: "down", error: describe(err, broker) };
  }

  /** Redis's version; fails fast with the last socket error while ioredis is still reconnecting. */
  async function redisVersion(): Promise<string | null> {
    const { client } = broker;
    const last = broker.lastError();
    if (last && client.status !== "ready" && client.status !== "wait") throw last;
    const info = await client.info("server");
    return /^redis_version:(\S+)/m.exec(info)?.[1] ?? null;
  }

  function wantReport(): boolean {
    return hostsWithoutVersion || versions.size === 0 || Date.now() - versionsAt > VERSION_TTL_MS;
  }

  function noteVersions(hosts: string[], report: Replies | undefined): string[] {
    if (report) {
      for (const [host, reply] of Object.entries(report)) {
        const v = versionFromReport(reply);
        if (v) versions.set(host, v);
      }
      versionsAt = Date.now();
    }
    hostsWithoutVersion = hosts.some((h) => !versions.has(h));
    return hosts.flatMap((h) => versions.get(h) ?? []);
  }

  /** LLEN of each queue and its priority sub-lists; a key of another type is reported, not fatal. */
  async function queueDepths(names: string[], degraded: string[]): Promise<CeleryQueueDto[]> {
    if (names.length === 0) return [];
    const pipeline = broker.client.pipeline();
    for (const name of names) for (const key of priorityQueueKeys(name)) pipeline.llen(key);
    const res = (await pipeline.exec()) ?? [];
    const steps = priorityQueueKeys("").length;
    return names.map((name, i) => {
      let depth = 0;
      for (let j = 0; j < steps; j++) {
        const [err, n] = res[i * steps + j] ?? [null, 0];
        if (err && /^WRONGTYPE/.test(err.message)) degraded.push(`queue ${name}: ${errorText(err, secrets)}`);
        else if (err) throw err;
        else depth += Number(n) || 0;
      }
      return { id: name, name, depth };
    });
  }

  async function doHealth(): Promise<Health> {
    const redis = await redisVersion();
    const report = wantReport();
    try {
      const [pings, reports] = await control.broadcastMany(
        [{ method: "ping" }, ...(report ? [{ method: "report" }] : [])],
        { timeoutMs: CONTROL_WINDOW_MS },
      );
      const hosts = Object.keys(pings ?? {});
      return { status: "up", version: versionText(noteVersions(hosts, reports), redis, hosts.length) };
    } catch (err) {
      return { status: "up", version: versionText([], redis, 0), degraded: `remote control: ${describe(err, broker)}` };
    }
  }

  async function doSample(): Promise<Sample> {
    const redis = await redisVersion();
    const degraded: string[] = [];
    const calls = [{ method: "stats" }, { method: "active" }, { method: "active_queues" }];
    if (wantReport()) calls.push({ method: "report" });
    let replies: Replies[] = [];
    try {
      replies = await control.broadcastMany(calls, { timeoutMs: CONTROL_WINDOW_MS });
    } catch (err) {
      degraded.push(`remote control: ${describe(err, broker)}`);
    }
    const [stats = {}, active = {}, activeQueues = {}, report] = replies;
    const hosts = [...new Set([...Object.keys(stats), ...Object.keys(active)])];
    const celeryVersions = noteVersions(hosts, report);
    const workers = workerRows(stats, active, activeQueues, versions);

    // Celery's default queue is watched when nothing else is configured, so a
    // backlog stays visible even when every worker is gone.
    const names = new Set(config.queues ?? ["celery"]);
    for (const w of workers) for (const q of w.queues) names.add(q);
    const queues = await queueDepths([...names].sort(), degraded);

    const running = activeTasks(active);
    let metas: (string | null)[] = running.map(() => null);
    if (backend && running.length > 0) {
      try {
        metas = await backend.client.mget(running.map((t) => `celery-task-meta-${t.id}`));
      } catch (err) {
        degraded.push(`result backend: ${describe(err, backend)}`);
      }
    }
    const tasks = running.map((t, i) => taskRow(t, metas[i]));
    const messages = queues.reduce((s, q) => s + q.depth, 0);

    const health: Health = { status: "up", version: versionText(celeryVersions, redis, hosts.length) };
    if (degraded.length) health.degraded = degraded.join("; ");
    return {
      health,
      lists: { workers, queues, tasks },
      stats: { workers: workers.length, queues: queues.length, messages, active: tasks.length },
      metrics: [
        ...queues.map((q) => ({ entity: seriesKey.queue(q.id), metric: "depth", value: q.depth })),
        { entity: seriesKey.source(), metric: "active", value: tasks.length },
      ],
    };
  }

  async function command(call: { method: string; arguments: Record<string, unknown> }, destination?: string[]) {
    try {
      return outcomes(await control.broadcast(call, { timeoutMs: CONTROL_WINDOW_MS, destination }));
    } catch (err) {
      throw unavailable(describe(err, broker));
    }
  }

  const revoke: RevokeOps = {
    async revoke(taskId, opts = {}) {
      if (!taskId || taskId.length > 255) throw invalid("task id must be 1-255 characters");
      const signal = opts.signal ?? "SIGTERM";
      if (!SIGNAL.test(signal)) throw invalid(`invalid signal name: ${signal}`);
      const args = { task_id: taskId, terminate: opts.terminate ?? false, signal };
      return command({ method: "revoke", arguments: args }, opts.destination);
    },
  };

  const taskRateLimit: TaskRateLimitOps = {
    async setTaskRateLimit(taskName, rate, opts = {}) {
      if (!taskName) throw invalid("task name is required");
      if (rate !== "" && !TASK_RATE_PATTERN.test(rate)) throw invalid(`invalid rate limit "${rate}": use N, N/s, N/m or N/h`);
      return command({ method: "rate_limit", arguments: { task_name: taskName, rate_limit: rate } }, opts.destination);
    },
  };

  return {
    kind: "celery",
    views: ["workers", "tasks", "queues"],
    ops: { revoke, taskRateLimit },

    async connect() {
      for (const conn of backend ? [broker, backend] : [broker]) {
        const { client } = conn;
        try {
          if (client.status === "wait" || client.status === "end") await client.connect();
          else await client.ping();
        } catch (err) {
          // Only the broker is essential; a missing result backend shows up as `degraded`.
          if (conn === broker) throw unavailable(describe(err, conn));
        }
      }
    },

    async health() {
      try {
        return await withTimeout(doHealth(), PROBE_TIMEOUT_MS, "celery health");
      } catch (err) {
        return down(err);
      }
    },

    async sample() {
      try {
        return await withTimeout(doSample(), PROBE_TIMEOUT_MS, "celery sample");
      } catch (err) {
        return healthOnlySample(down(err));
      }
    },

    async ping(opts = {}) {
      const replies = await control.broadcast(
        { method: "ping" },
        { timeoutMs: opts.timeoutMs ?? CONTROL_WINDOW_MS, destination: opts.destination },
      );
      return Object.keys(replies).sort();
    },

    async close() {
      pool.close();
      closeRedis(broker.client);
      if (backend) closeRedis(backend.client);
    },
  };
}
