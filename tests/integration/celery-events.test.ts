// The Celery adapter's events hub against real Redis and real workers: a worker started
// without task events is asked to send them, task events arrive by uuid, and a worker that
// stops is listed offline with when it was last seen.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCeleryAdapter, type CeleryAdapter } from "@/server/brokers/celery/adapter";
import { priorityQueueKeys } from "@/server/brokers/celery/envelope";
import type { CeleryEvent } from "@/server/brokers/celery/transport";
import type { CeleryWorkerDto } from "@/lib/celery";
import { redisUrl, runId } from "../support/brokers";
import { startCeleryWorker, type CeleryWorkerHandle } from "../support/celery-worker";

const run = runId();
const queue = `${run}.events`;
const brokerUrl = redisUrl(8);
const backendUrl = redisUrl(9);

let worker: CeleryWorkerHandle | undefined;
let adapter: CeleryAdapter;
let broker: Redis;
const events: CeleryEvent[] = [];

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (event types seen: ${[...new Set(events.map((e) => e.type))].join(", ")})\nworker log:\n${worker?.logTail(8)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  broker = new Redis(brokerUrl);
  adapter = createCeleryAdapter({ id: "celery-events", kind: "celery", name: "events", brokerUrl, resultBackendUrl: backendUrl });
  await adapter.connect();
  adapter.events.subscribe((batch) => events.push(...batch));
  // Started after the hub subscribed, without task events: only enable_events can turn them on.
  worker = await startCeleryWorker({ brokerUrl, backendUrl, name: run, queues: [queue], events: false });
});

afterAll(async () => {
  await worker?.stop();
  await adapter?.close();
  await broker?.del(...priorityQueueKeys(queue));
  broker?.disconnect();
});

describe("celery events hub (real Redis + real worker)", () => {
  it("hears the new worker's heartbeats and turns its task events on", async () => {
    const hostname = worker!.hostname;
    await until("a heartbeat", () => events.find((e) => e.type === "worker-heartbeat" && e.hostname === hostname));
    // enable_events goes out when the worker appears; give it a moment to reach the worker.
    const id = randomUUID();
    await until("task events of a task sent after enable_events", async () => {
      await adapter.transport.sendTask({ id: `${id}-${events.length}`, name: "demo.add", args: [20, 22], kwargs: {}, queue });
      await new Promise((r) => setTimeout(r, 700));
      return events.find((e) => e.type === "task-succeeded" && String(e.uuid).startsWith(id));
    });
    const succeeded = events.find((e) => e.type === "task-succeeded" && String(e.uuid).startsWith(id))!;
    expect(succeeded.result).toBe("42");
    const received = events.find((e) => e.type === "task-received" && e.uuid === succeeded.uuid)!;
    expect(received).toMatchObject({ name: "demo.add", hostname });
    expect(String(received.args)).toContain("20");
  });

  it("lists a stopped worker as offline with when it was last seen, and keeps watching its queue", async () => {
    const hostname = worker!.hostname;
    const online = await until("worker online in a sample", async () => {
      const rows = (await adapter.sample()).lists.workers as CeleryWorkerDto[];
      return rows.find((w) => w.hostname === hostname && w.status === "online");
    });
    expect(online.lastSeenAt).not.toBeNull();
    expect(online.loadavg).toHaveLength(3);
    await worker!.stop();
    worker = undefined;
    const offline = await until("worker offline in a sample", async () => {
      const sample = await adapter.sample();
      const rows = sample.lists.workers as CeleryWorkerDto[];
      return rows.find((w) => w.hostname === hostname && w.status === "offline");
    });
    expect(Date.parse(offline.lastSeenAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(offline.active).toBe(0);
    expect(offline.queues).toEqual([queue]);
    const sample = await adapter.sample();
    expect(sample.stats.workers).toBe(0);
    // Nobody consumes its queue now, but a backlog there must stay visible.
    expect((sample.lists.queues as { name: string }[]).map((q) => q.name)).toContain(queue);
  });
});
