import "server-only";
import bullmqPackage from "bullmq/package.json";
import type { BullmqSourceConfig } from "@/lib/config-schema";
import { healthOnlySample, type BrokerAdapter, type Health, type Sample } from "../adapter";
import { INNER_TIMEOUT_MS, PROBE_TIMEOUT_MS, withTimeout } from "../timeout";
import { QueueDiscovery, type DiscoveryOptions } from "./discover";
import { bullMetrics, bullStats, countWorkers, mapQueue, redisVersionOf, workerClientName, type QueueReading } from "./map";
import { QueueCache, readQueue } from "./queues";
import { settleAll } from "../settle-all";
import { RedisLink } from "./redis";
import { BullContext } from "./context";
import { createJobOps, type BullJobOps } from "./job-ops";
import { readQueueDetail } from "./queue-detail";

/** Discovery plus reading every queue may take this long; then the tick reports degraded. */
const SAMPLE_BUDGET_MS = 3 * PROBE_TIMEOUT_MS;
/** Queues read at the same time; each read is ~6 pipelined commands. */
const READ_CONCURRENCY = 16;

export interface BullmqAdapterOptions {
  discovery?: DiscoveryOptions;
}

/** BullMQ's operations, typed so tests and benches reach them without checks. */
export type BullmqAdapter = BrokerAdapter<{ jobs: BullJobOps; pause: BullJobOps; queueRateLimit: BullJobOps }>;

export function createBullmqAdapter(config: BullmqSourceConfig, options: BullmqAdapterOptions = {}): BullmqAdapter {
  const prefix = config.prefix || "bull";
  const link = new RedisLink(config.redisUrl, {
    timeoutMs: INNER_TIMEOUT_MS,
    connectionName: `queuedeck:${config.id}`,
  });
  const discovery = new QueueDiscovery(prefix, options.discovery);
  const cache = new QueueCache(link.client, prefix);
  // Job pages, search and actions run on their own connection: see context.ts.
  const ctx = new BullContext(config.id, prefix, config.redisUrl);
  const jobOps = createJobOps(ctx);

  async function probe(): Promise<Health> {
    const redis = await link.ready();
    const [, info] = await Promise.all([redis.ping(), redis.info("server")]);
    const redisVersion = redisVersionOf(info) ?? "unknown";
    return { status: "up", version: `Redis ${redisVersion} / BullMQ ${bullmqPackage.version}` };
  }

  async function health(): Promise<Health> {
    try {
      return await withTimeout(probe(), PROBE_TIMEOUT_MS, "Redis health probe");
    } catch (err) {
      return { status: "down", error: link.text(err) };
    }
  }

  async function collect(h: Health): Promise<Sample> {
    const redis = link.client;
    const found = await discovery.tick(redis).catch((err: unknown) => {
      throw new Error(`queue discovery failed: ${link.text(err)}`);
    });
    // Only a full pass proves a queue is gone; a partial one keeps the others cached.
    if (found.complete) await Promise.all([cache.retain(found.names), ctx.queues.retain(found.names)]);
    const queues = found.names.map((n) => cache.get(n));

    const [readings, clientList] = await Promise.all([
      settleAll(queues, READ_CONCURRENCY, (q) => readQueue(q, redis)),
      // Managed Redis services may disable CLIENT LIST: then workers are unknown (null).
      redis.client("LIST").then(
        (v) => String(v),
        () => null,
      ),
    ]);
    const workers = clientList === null ? null : countWorkers(clientList, found.names.map((n) => workerClientName(prefix, n)));

    const ok: QueueReading[] = [];
    const failures: string[] = [];
    readings.forEach((r, i) => {
      if (r.status === "fulfilled") ok.push({ ...r.value, workers: workers?.[i] ?? null });
      else failures.push(`${found.names[i]}: ${link.text(r.reason)}`);
    });
    const list = ok.map(mapQueue);
    const notes = [
      failures.length ? `${failures.length} of ${queues.length} queues could not be read (${failures[0]})` : "",
      found.settled ? "" : "queue discovery still scanning: list may be incomplete",
    ].filter(Boolean);
    return {
      health: notes.length ? { ...h, degraded: notes.join("; ") } : h,
      lists: { queues: list },
      stats: bullStats(list),
      metrics: bullMetrics(ok, list),
    };
  }

  return {
    kind: "bullmq",
    views: ["queues"],
    ops: { jobs: jobOps, pause: jobOps, queueRateLimit: jobOps },

    queueDetail: (queueId) => readQueueDetail(ctx, queueId),

    async connect() {
      await link.ready();
    },

    health,

    async sample(): Promise<Sample> {
      const h = await health();
      if (h.status === "down") return healthOnlySample(h);
      try {
        return await withTimeout(collect(h), SAMPLE_BUDGET_MS, "reading BullMQ queues");
      } catch (err) {
        return healthOnlySample({ ...h, degraded: link.text(err) });
      }
    },

    async close() {
      await cache.closeAll();
      await Promise.all([link.close(), ctx.close()]);
    },
  };
}
