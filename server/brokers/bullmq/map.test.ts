import { describe, expect, it } from "vitest";
import { escapeGlob, queueNameOfMetaKey } from "./discover";
import {
  bullMetrics,
  bullQueueId,
  bullStats,
  countWorkers,
  mapQueue,
  parseBullQueueId,
  redisVersionOf,
  workerClientName,
  type QueueReading,
} from "./map";

const reading = (over: Partial<QueueReading> = {}): QueueReading => ({
  name: "emails",
  counts: { waiting: 3, active: 2, delayed: 4, prioritized: 1, "waiting-children": 5, completed: 10, failed: 6 },
  paused: false,
  concurrency: null,
  rateLimit: null,
  workers: 2,
  totals: { completed: null, failed: null },
  ...over,
});

describe("mapQueue", () => {
  it("depth counts jobs not started: waiting + prioritized + delayed + waiting-children", () => {
    const q = mapQueue(reading({ rateLimit: { max: 10, duration: 1000 }, concurrency: 4, paused: true }));
    expect(q.depth).toBe(3 + 1 + 4 + 5);
    expect(q.counts).toEqual({ waiting: 3, active: 2, delayed: 4, prioritized: 1, "waiting-children": 5, completed: 10, failed: 6 });
    expect(q).toMatchObject({ paused: true, rateLimit: { max: 10, durationMs: 1000 }, concurrency: 4, workers: 2 });
  });

  it("ids are URL-safe and round-trip", () => {
    for (const name of ["emails", "reports paused – ü", "a/b?c=d"]) {
      expect(bullQueueId(name)).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(parseBullQueueId(bullQueueId(name))).toBe(name);
    }
    expect(parseBullQueueId("no spaces allowed")).toBeNull();
  });
});

describe("stats and metrics", () => {
  const readings = [reading(), reading({ name: "b", counts: { waiting: 1, failed: 1 }, totals: { completed: 99, failed: 7 } })];
  const queues = readings.map(mapQueue);
  it("sums the headline numbers", () => {
    expect(bullStats(queues)).toEqual({ queues: 2, waiting: 3 + 1 + 1, active: 2, failed: 7 });
  });
  it("emits gauges per queue and BullMQ's counters only where they exist", () => {
    const m = bullMetrics(readings, queues);
    expect(m).toContainEqual({ entity: `queue:${queues[0]!.id}`, metric: "depth", value: 13 });
    expect(m).toContainEqual({ entity: `queue:${queues[1]!.id}`, metric: "completedTotal", value: 99 });
    expect(m.filter((p) => p.entity === `queue:${queues[0]!.id}` && p.metric.endsWith("Total"))).toEqual([]);
  });
});

describe("countWorkers", () => {
  it("matches BullMQ's naming rule on one CLIENT LIST answer", () => {
    const a = workerClientName("bull", "emails");
    const b = workerClientName("bull", "reports");
    const list = [
      `id=1 addr=127.0.0.1:1 laddr=127.0.0.1:6379 fd=8 name=${a} age=1 lib-name=ioredis`,
      `id=2 addr=127.0.0.1:2 laddr=127.0.0.1:6379 fd=9 name=${a}:w:worker-2 age=1`,
      `id=3 addr=127.0.0.1:3 laddr=127.0.0.1:6379 fd=10 name=${a}:qe age=1`,
      `id=4 addr=127.0.0.1:4 laddr=127.0.0.1:6379 fd=11 name= age=1`,
      `id=5 addr=127.0.0.1:5 laddr=127.0.0.1:6379 fd=12 name=queuedeck:x age=1`,
    ].join("\n");
    expect(countWorkers(list, [a, b])).toEqual([2, 0]);
    expect(a).toBe(`bull:${Buffer.from("emails").toString("base64")}`);
  });
});

describe("discovery keys", () => {
  it("escapes glob characters of a prefix", () => {
    expect(escapeGlob("my*app?[x]\\")).toBe("my\\*app\\?\\[x\\]\\\\");
    expect(escapeGlob("{bull}")).toBe("{bull}");
  });
  it("reads queue names from meta keys and ignores others", () => {
    expect(queueNameOfMetaKey("bull:emails:meta", "bull")).toBe("emails");
    expect(queueNameOfMetaKey("bull:a b ü:meta", "bull")).toBe("a b ü");
    expect(queueNameOfMetaKey("bull:other:emails:meta", "bull")).toBeNull();
    expect(queueNameOfMetaKey("bull::meta", "bull")).toBeNull();
    expect(queueNameOfMetaKey("bull:meta", "bull")).toBeNull();
    expect(queueNameOfMetaKey("app:bull:emails:meta", "app:bull")).toBe("emails");
  });
});

describe("redisVersionOf", () => {
  it("reads redis_version from INFO server", () => {
    expect(redisVersionOf("# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:0\r\n")).toBe("7.0.15");
    expect(redisVersionOf("")).toBeUndefined();
  });
});
