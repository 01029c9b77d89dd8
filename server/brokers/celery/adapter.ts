import "server-only";
import type { CeleryQueueDto } from "@/lib/celery";
import type { CelerySourceConfig } from "@/lib/config-schema";
import { TASK_RATE_PATTERN } from "@/lib/celery";
import { seriesKey } from "@/lib/series-key";
import { errorText, secretsOfUrl } from "@/server/redact";
import { invalid, unavailable } from "@/server/errors";
import { healthOnlySample, type BrokerAdapter, type Health, type Sample } from "../adapter";
import { PROBE_TIMEOUT_MS, withTimeout } from "../timeout";
import { activeTasks, taskRow, versionFromReport, versionText, workerRows } from "./map";
import { closeRedis, createRedis } from "./redis-clients";
import { outcomes, type Replies } from "./remote-control";
import { createTransport } from "./transports";
import { EventsHub, type CeleryEventHub } from "./events-hub";
import { WorkerLiveness } from "./worker-liveness";
import type { RevokeOps, TaskRateLimitOps } from "../ops/tasks";
import type { CeleryTransport } from "./transport";
import { celeryWorkerOps, type CeleryWorkerOps } from "./worker-ops";

/** Reply window of one remote-control round: a sample never waits on workers longer than this. */
export const CONTROL_WINDOW_MS = 1000;
// Versions come from `report` (stats has no sw_ver in Celery 5.2); refreshed now and then.
const VERSION_TTL_MS = 10 * 60_000;
/** How long a queue stays watched after the last worker stopped consuming it. */
const QUEUE_MEMORY_MS = 24 * 3600_000;
const SIGNAL = /^(SIG)?[A-Z0-9]{2,10}$/;

/**
 * Celery's adapter with its operations typed, plus `ping` (readiness checks of test and demo
 * workers): hostnames of the workers that answered within `timeoutMs`.
 */
export type CeleryAdapter = BrokerAdapter<{ revoke: RevokeOps; taskRateLimit: TaskRateLimitOps } & CeleryWorkerOps> & {
  ping(opts?: { destination?: string[]; timeoutMs?: number }): Promise<string[]>;
  /** Every event the workers send (task history listens here). */
  readonly events: CeleryEventHub;
  /** The broker connection, for operations built on it. */
  readonly transport: CeleryTransport;
};

export function createCeleryAdapter(config: CelerySourceConfig): CeleryAdapter {
  const backendSecrets = config.resultBackendUrl ? secretsOfUrl(config.resultBackendUrl) : [];
  const transport = createTransport(config.brokerUrl);
  // Retry joins when the task history serves the stored task to its route.
  const workerOps = celeryWorkerOps(transport);
  const backend = config.resultBackendUrl ? createRedis(config.resultBackendUrl, "backend") : null;
  const liveness = new WorkerLiveness();
  const hub = new EventsHub(transport, liveness);

  const versions = new Map<string, string>();
  /** Queue -> when a worker last consumed it. */
  const consumedAt = new Map<string, number>();
  let versionsAt = 0;
  let hostsWithoutVersion = true;

  function describeBackend(err: unknown): string {
    const msg = err instanceof Error ? err.message : "";
    const last = backend?.lastError();
    return errorText(/max retries|Connection is closed|Stream isn't writeable/i.test(msg) && last ? last : err, backendSecrets);
  }

  function down(err: unknown): Health {
    return { status: "down", error: transport.describe(err) };
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

  async function queueDepths(names: string[], degraded: string[]): Promise<CeleryQueueDto[]> {
    const { depths, problems } = await transport.queueDepths(names);
    degraded.push(...problems);
    return names.map((name) => ({ id: name, name, depth: depths.get(name) ?? 0 }));
  }

  async function doHealth(): Promise<Health> {
    const redis = await transport.brokerVersion();
    const report = wantReport();
    try {
      const [pings, reports] = await transport.broadcast(
        [{ method: "ping" }, ...(report ? [{ method: "report" }] : [])],
        { timeoutMs: CONTROL_WINDOW_MS },
      );
      const hosts = Object.keys(pings ?? {});
      return { status: "up", version: versionText(noteVersions(hosts, reports), redis, hosts.length) };
    } catch (err) {
      return { status: "up", version: versionText([], redis, 0), degraded: `remote control: ${transport.describe(err)}` };
    }
  }

  async function doSample(): Promise<Sample> {
    const redis = await transport.brokerVersion();
    const degraded: string[] = [];
    await hub.ensureStarted();
    if (hub.error) degraded.push(`events: ${hub.error}`);
    const calls = [{ method: "stats" }, { method: "active" }, { method: "active_queues" }];
    if (wantReport()) calls.push({ method: "report" });
    let replies: Replies[] = [];
    try {
      replies = await transport.broadcast(calls, { timeoutMs: CONTROL_WINDOW_MS });
    } catch (err) {
      degraded.push(`remote control: ${transport.describe(err)}`);
    }
    const [stats = {}, active = {}, activeQueues = {}, report] = replies;
    const hosts = [...new Set([...Object.keys(stats), ...Object.keys(active)])];
    const celeryVersions = noteVersions(hosts, report);
    const { rows: workers, arrived } = liveness.merge(workerRows(stats, active, activeQueues, versions), Date.now());
    if (arrived.length > 0) hub.enableSoon(arrived);

    // Celery's default queue is watched when nothing else is configured, so a
    // backlog stays visible even when every worker is gone; so are queues some worker consumed
    // within a day, so a queue whose consumers were stopped (cancel_consumer) stays in the list.
    const now = Date.now();
    for (const w of workers) if (w.status === "online") for (const q of w.queues) consumedAt.set(q, now);
    const names = new Set(config.queues ?? ["celery"]);
    for (const [q, at] of consumedAt) {
      if (now - at > QUEUE_MEMORY_MS) consumedAt.delete(q);
      else names.add(q);
    }
    const queues = await queueDepths([...names].sort(), degraded);

    const running = activeTasks(active);
    let metas: (string | null)[] = running.map(() => null);
    if (backend && running.length > 0) {
      try {
        metas = await backend.client.mget(running.map((t) => `celery-task-meta-${t.id}`));
      } catch (err) {
        degraded.push(`result backend: ${describeBackend(err)}`);
      }
    }
    const tasks = running.map((t, i) => taskRow(t, metas[i]));
    const messages = queues.reduce((s, q) => s + q.depth, 0);

    const health: Health = { status: "up", version: versionText(celeryVersions, redis, hosts.length) };
    if (degraded.length) health.degraded = degraded.join("; ");
    return {
      health,
      lists: { workers, queues, tasks },
      stats: { workers: workers.filter((w) => w.status === "online").length, queues: queues.length, messages, active: tasks.length },
      metrics: [
        ...queues.map((q) => ({ entity: seriesKey.queue(q.id), metric: "depth", value: q.depth })),
        { entity: seriesKey.source(), metric: "active", value: tasks.length },
      ],
    };
  }

  async function command(call: { method: string; arguments: Record<string, unknown> }, destination?: string[]) {
    try {
      const [replies] = await transport.broadcast([call], { timeoutMs: CONTROL_WINDOW_MS, destination });
      return outcomes(replies ?? {});
    } catch (err) {
      throw unavailable(transport.describe(err));
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
    // Dead letters are the failed tasks of the task history (served from the store).
    views: ["workers", "tasks", "queues", "deadLetters"],
    ops: { revoke, taskRateLimit, ...workerOps },
    events: hub,
    transport,

    async connect() {
      try {
        await transport.connect();
      } catch (err) {
        throw unavailable(transport.describe(err));
      }
      // Only the broker is essential; a missing result backend shows up as `degraded`.
      if (backend) {
        const { client } = backend;
        if (client.status === "wait" || client.status === "end") await client.connect().catch(() => undefined);
      }
      await hub.ensureStarted();
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
      const [replies] = await transport.broadcast([{ method: "ping" }], {
        timeoutMs: opts.timeoutMs ?? CONTROL_WINDOW_MS,
        destination: opts.destination,
      });
      return Object.keys(replies ?? {}).sort();
    },

    async close() {
      await hub.close();
      await transport.close();
      if (backend) closeRedis(backend.client);
    },
  };
}
