import { Queue, Worker } from "bullmq";
import IORedis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrokerAdapter, Sample } from "@/server/brokers/adapter";
import { createBullmqAdapter, type BullmqAdapterOptions } from "@/server/brokers/bullmq/adapter";
import { bullQueueId, parseBullQueueId, type BullQueue } from "@/server/brokers/bullmq/map";
import { redisUrl, runId } from "../support/brokers";
import { deadPort, poll } from "../support/wait";

// Redis is shared: everything here lives under a prefix unique to this run and is
// obliterated at the end.
const prefix = runId();
const sourceId = `t-${prefix}`;
const PAUSED = "reports paused – ü";
const FAILING = "emails";
const GONE = "short-lived";

const connection = new IORedis(redisUrl(), { maxRetriesPerRequest: null });
const queues: Queue[] = [];
const workers: Worker[] = [];
const adapters: BrokerAdapter[] = [];

function queue(name: string): Queue {
  const q = new Queue(name, { connection, prefix });
  queues.push(q);
  return q;
}

function adapter(redis = redisUrl(), options?: BullmqAdapterOptions, id = sourceId): BrokerAdapter {
  const a = createBullmqAdapter({ id, kind: "bullmq", name: "test", redisUrl: redis, prefix }, options);
  adapters.push(a);
  return a;
}

const listed = (s: Sample) => (s.lists.queues ?? []) as BullQueue[];
const find = (s: Sample, name: string) => listed(s).find((q) => q.name === name);

let failingQueue: Queue;

beforeAll(async () => {
  const paused = queue(PAUSED);
  await paused.pause();
  await paused.addBulk([1, 2, 3].map((i) => ({ name: "report", data: { i } })));
  await paused.add("urgent", {}, { priority: 1 });
  await paused.add("later", {}, { delay: 3_600_000 });
  await paused.add("later", {}, { delay: 3_600_000 });
  await paused.setGlobalConcurrency(3);
  await paused.setGlobalRateLimit(10, 1000);

  failingQueue = queue(FAILING);
  await failingQueue.addBulk([
    ...[1, 2, 3, 4].map((i) => ({ name: "send", data: { fail: true, i } })),
    { name: "send", data: { fail: false } },
  ]);
  const worker = new Worker(
    FAILING,
    async (job) => {
      if (job.data.fail) throw new Error("smtp down");
      return "sent";
    },
    { connection, prefix, concurrency: 2, metrics: { maxDataPoints: 60 } },
  );
  worker.on("error", () => undefined);
  workers.push(worker);
  await poll("the worker to finish", async () => {
    const c = await failingQueue.getJobCounts("failed", "completed");
    return c.failed === 4 && c.completed === 1 ? c : undefined;
  });

  await queue(GONE).add("x", {});
});

afterAll(async () => {
  await Promise.all(adapters.map((a) => a.close()));
  await Promise.all(workers.map((w) => w.close()));
  for (const q of queues) {
    await q.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  }
  const [, left] = await connection.scan("0", "MATCH", `${prefix}:*`, "COUNT", 100_000);
  if (left.length) await connection.del(...left);
  await connection.quit();
});

describe("BullMQ adapter against a real Redis", () => {
  it("reports Redis and BullMQ versions", async () => {
    const h = await adapter().health();
    expect(h).toMatchObject({ status: "up" });
    expect(h.version).toMatch(/^Redis \d+\.\d+\.\d+ \/ BullMQ 6\.\d+\.\d+$/);
  });

  it("lists queues with exact counts, paused state, limits and workers", async () => {
    const a = adapter();
    await a.connect();
    // A shared Redis may hold more keys than one tick scans: wait for a full discovery pass.
    const s = await poll("a full discovery pass", async () => {
      const x = await a.sample();
      return x.health.degraded ? undefined : x;
    });
    expect(s.health.status).toBe("up");
    expect(listed(s).map((q) => q.name)).toEqual([PAUSED, GONE, FAILING].sort());

    const paused = find(s, PAUSED)!;
    expect(paused).toMatchObject({
      id: bullQueueId(PAUSED),
      paused: true,
      depth: 6,
      counts: { waiting: 3, prioritized: 1, delayed: 2, active: 0, "waiting-children": 0, completed: 0, failed: 0 },
      rateLimit: { max: 10, durationMs: 1000 },
      concurrency: 3,
      workers: 0,
    });
    expect(parseBullQueueId(paused.id)).toBe(PAUSED);
    expect(paused.id).toMatch(/^[A-Za-z0-9_-]+$/);

    const failing = find(s, FAILING)!;
    expect(failing).toMatchObject({
      paused: false,
      depth: 0,
      counts: { waiting: 0, active: 0, completed: 1, failed: 4 },
      rateLimit: null,
      concurrency: null,
      workers: 1,
    });
    // Same answer as BullMQ's own (one CLIENT LIST per queue) way of counting.
    expect(failing.workers).toBe(await failingQueue.getWorkersCount());

    expect(s.stats).toEqual({ queues: 3, waiting: 5, active: 0, failed: 4 });
    const m = (entity: string, metric: string) =>
      s.metrics.find((p) => p.entity === entity && p.metric === metric)?.value;
    expect(m(`queue:${bullQueueId(PAUSED)}`, "depth")).toBe(6);
    expect(m(`queue:${bullQueueId(FAILING)}`, "failed")).toBe(4);
    expect(m(`queue:${bullQueueId(FAILING)}`, "completed")).toBe(1);
    expect(m(`queue:${bullQueueId(FAILING)}`, "active")).toBe(0);
    // The worker records metrics, so BullMQ's monotonic counters are there too.
    expect(m(`queue:${bullQueueId(FAILING)}`, "failedTotal")).toBe(4);
    expect(m(`queue:${bullQueueId(FAILING)}`, "completedTotal")).toBe(1);
    expect(m(`queue:${bullQueueId(PAUSED)}`, "failedTotal")).toBeUndefined();
  });

  it("reuses one connection across ticks and forgets deleted queues", async () => {
    const id = `${sourceId}-reuse`;
    const a = adapter(redisUrl(), undefined, id);
    for (let i = 0; i < 3; i++) await a.sample();
    const clients = String(await connection.client("LIST"))
      .split("\n")
      .filter((l) => l.includes(` name=queuedeck:${id} `));
    // Three ticks over three queues, and still the one connection.
    expect(clients).toHaveLength(1);

    const gone = queues.find((q) => q.name === GONE)!;
    await gone.obliterate({ force: true });
    const s = await a.sample();
    expect(find(s, GONE)).toBeUndefined();
    expect(s.stats.queues).toBe(2);
  });

  it("discovers in bounded steps across ticks", async () => {
    // One SCAN call per tick, sized so a full pass over this (shared, any-size) keyspace
    // takes several ticks but not hundreds.
    const count = Math.max(5, Math.ceil((await connection.dbsize()) / 6));
    const a = adapter(redisUrl(), { discovery: { count, maxIterations: 1 } });
    const first = await a.sample();
    expect(first.health.status).toBe("up");
    expect(first.health.degraded).toBe("queue discovery still scanning: list may be incomplete");
    const settled = await poll("a full discovery pass", async () => {
      const s = await a.sample();
      return s.health.degraded ? undefined : s;
    });
    expect(listed(settled).map((q) => q.name)).toEqual([PAUSED, FAILING].sort());
  });

  it("is down, quickly and without the password, for a wrong Redis port", async () => {
    const port = await deadPort();
    const a = adapter(`redis://:RedisSecret77@127.0.0.1:${port}/0`);
    const started = Date.now();
    const h = await a.health();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(h.status).toBe("down");
    expect(h.error).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(h)).not.toContain("RedisSecret77");
    await expect(a.connect()).rejects.toThrow(/ECONNREFUSED/);
    // Later probes, while ioredis retries in the background, stay fast and down.
    const again = await a.sample();
    expect(again.health.status).toBe("down");
    expect(again.lists).toEqual({});
  });

  it("is down with Redis's own reason for a wrong password", async () => {
    const a = adapter(redisUrl().replace("redis://", "redis://nobody:WrongPw55@"));
    const h = await a.health();
    expect(h.status).toBe("down");
    expect(h.error).toMatch(/WRONGPASS|NOAUTH|AUTH/);
    expect(JSON.stringify(h)).not.toContain("WrongPw55");
  });
});
