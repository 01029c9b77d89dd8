// The Celery AMQP transport against real RabbitMQ and a real Celery worker (demo app) whose broker
// is RabbitMQ, in a vhost of this run's own; results go to Redis db 10.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAmqpTransport } from "@/server/brokers/celery/amqp-transport";
import { createCeleryAdapter } from "@/server/brokers/celery/adapter";
import type { CeleryQueueDto, CeleryWorkerDto } from "@/lib/celery";
import type { CeleryEvent, CeleryTransport, EventSubscription } from "@/server/brokers/celery/transport";
import { redisUrl, runId } from "../support/brokers";
import { startCeleryWorker, type CeleryWorkerHandle } from "../support/celery-worker";
import { TestVhost, mgmtApi, poll } from "../support/rabbitmq";
import { deadPort } from "../support/wait";

const run = runId();
const workQueue = `${run}.work`; // the worker consumes this one
const idleQueue = `${run}.idle`; // nobody consumes this one: its depth is what we put there
const vhost = new TestVhost("-celery");
const backendUrl = redisUrl(10);

let worker: CeleryWorkerHandle;
let transport: CeleryTransport;
let events: EventSubscription;
let backend: Redis;
const seen: CeleryEvent[] = [];
const taskIds: string[] = [];

function addTask(queue: string, args: unknown[] = [2, 3]) {
  const id = `${run}-${taskIds.length}`;
  taskIds.push(id);
  return { id, name: "demo.add", args, kwargs: {}, queue };
}

const eventOf = (type: string, match: (e: CeleryEvent) => boolean) =>
  poll(`${type} event`, async () => seen.find((e) => e.type === type && match(e)), 20_000, 100);

beforeAll(async () => {
  await vhost.create();
  backend = new Redis(backendUrl);
  worker = await startCeleryWorker({ brokerUrl: vhost.amqpUrl(), backendUrl, name: run, queues: [workQueue], concurrency: 1 });
  transport = createAmqpTransport(vhost.amqpUrl());
  await transport.connect();
  events = await transport.subscribeEvents((batch) => seen.push(...batch));
  // Declared as Celery's own client declares a task queue, so messages sent to it wait there.
  const ch = await (await vhost.connection()).createChannel();
  await ch.assertQueue(idleQueue, { durable: true });
  await ch.close();
});

afterAll(async () => {
  await events?.close();
  await worker?.stop();
  await transport?.close();
  if (taskIds.length) await backend?.del(...taskIds.map((id) => `celery-task-meta-${id}`));
  backend?.disconnect();
  await vhost.delete();
});

describe("celery over RabbitMQ (real broker + real worker)", () => {
  it("reports RabbitMQ's version from the connection handshake", async () => {
    expect(await transport.brokerVersion()).toMatch(/^RabbitMQ \d+\.\d+\.\d+/);
  });

  it("broadcasts ping and stats under one reply queue; the worker answers each by hostname", async () => {
    const started = Date.now();
    const [pings, stats] = await transport.broadcast([{ method: "ping" }, { method: "stats" }], {
      timeoutMs: 5000,
      destination: [worker.hostname],
    });
    // Every named worker answered: no waiting out the window.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(pings).toEqual({ [worker.hostname]: { ok: "pong" } });
    const broker = (stats?.[worker.hostname] as { broker?: Record<string, unknown> }).broker;
    expect(broker).toMatchObject({ transport: "amqp", virtual_host: vhost.name });
  });

  it("collects replies from every worker when none is named, then stops early for workers it knows", async () => {
    const [sweep] = await transport.broadcast([{ method: "ping" }], { timeoutMs: 1500 });
    expect(Object.keys(sweep ?? {})).toEqual([worker.hostname]);
    const started = Date.now();
    const [again] = await transport.broadcast([{ method: "ping" }], { timeoutMs: 5000 });
    expect(Object.keys(again ?? {})).toEqual([worker.hostname]);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("runs a task it sent (demo.add 2+3) and its events arrive: received, started, succeeded", async () => {
    const task = addTask(workQueue);
    await transport.sendTask(task);
    const meta = await poll(
      "the task's result in the backend",
      async () => {
        const raw = await backend.get(`celery-task-meta-${task.id}`);
        const parsed = raw ? (JSON.parse(raw) as { status: string; result: unknown }) : undefined;
        return parsed?.status === "SUCCESS" ? parsed : undefined;
      },
      20_000,
    );
    expect(meta.result).toBe(5);
    const received = await eventOf("task-received", (e) => e.uuid === task.id);
    expect(received).toMatchObject({ name: "demo.add", hostname: worker.hostname });
    await eventOf("task-started", (e) => e.uuid === task.id);
    const succeeded = await eventOf("task-succeeded", (e) => e.uuid === task.id);
    expect(succeeded.result).toBe("5");
  });

  it("receives worker heartbeats", async () => {
    const beat = await eventOf("worker-heartbeat", (e) => e.hostname === worker.hostname);
    expect(beat.freq).toBe(2);
  });

  it("reads the depth of a queue with waiting tasks, and 0 for a queue that does not exist", async () => {
    for (let i = 0; i < 3; i++) await transport.sendTask(addTask(idleQueue, [i, i]));
    const missing = `${run}.missing`;
    const { depths, problems } = await transport.queueDepths([missing, idleQueue, workQueue]);
    expect(depths.get(idleQueue)).toBe(3);
    expect(depths.get(missing)).toBe(0);
    expect(depths.get(workQueue)).toBe(0);
    expect(problems).toEqual([]);
    expect(await vhost.depth(idleQueue)).toBe(3);
  });

  it("purges a queue, answering how many messages it held", async () => {
    expect(await transport.purgeQueue(idleQueue)).toBe(3);
    expect((await transport.queueDepths([idleQueue])).depths.get(idleQueue)).toBe(0);
    expect(await vhost.depth(idleQueue)).toBe(0);
    expect(await transport.purgeQueue(`${run}.missing`)).toBe(0);
  });

  it("refuses a task no queue would receive instead of losing it", async () => {
    const task = addTask(`${run}.nobody`);
    await expect(transport.sendTask(task)).rejects.toThrow(/no queue is bound to the default exchange with routing key/);
    await expect(transport.sendTask({ ...addTask(idleQueue), exchange: `${run}.no-such-exchange` })).rejects.toThrow(/404.*no exchange/i);
    // The transport keeps working after the broker closed its publishing channel.
    await transport.sendTask(addTask(idleQueue));
    expect(await transport.purgeQueue(idleQueue)).toBe(1);
  });

  it("comes back after the broker drops its connections: remote control and events both resume", async () => {
    const names = await poll("QueueDeck's connections in the management API", async () => {
      const res = await mgmtApi("GET", `/api/vhosts/${vhost.path}/connections`);
      const conns = (await res.json()) as { name: string; client_properties?: { connection_name?: string } }[];
      const ours = conns.filter((c) => c.client_properties?.connection_name?.startsWith("QueueDeck Celery"));
      return ours.length >= 2 ? ours.map((c) => c.name) : undefined;
    });
    for (const name of names) await mgmtApi("DELETE", `/api/connections/${encodeURIComponent(name)}`);
    const after = Date.now();
    const answered = await poll("a ping after the reconnect", async () => {
      const [r] = await transport.broadcast([{ method: "ping" }], { timeoutMs: 1000, destination: [worker.hostname] });
      return r && worker.hostname in r ? r : undefined;
    });
    expect(answered[worker.hostname]).toEqual({ ok: "pong" });
    await eventOf("worker-heartbeat", (e) => e.hostname === worker.hostname && (e.timestamp ?? 0) * 1000 > after);
  });
});

describe("the celery adapter on RabbitMQ (real broker + real worker)", () => {
  it("samples the worker and queue depths, revokes through the worker, and hears its events", async () => {
    const adapter = createCeleryAdapter({ id: "celery-amqp", kind: "celery", name: "amqp", brokerUrl: vhost.amqpUrl(), resultBackendUrl: backendUrl, queues: [idleQueue] });
    const heard: CeleryEvent[] = [];
    try {
      await adapter.connect();
      adapter.events.subscribe((batch) => heard.push(...batch));
      for (let i = 0; i < 2; i++) await transport.sendTask(addTask(idleQueue, [i, i]));
      const sample = await poll("a sample listing the worker", async () => {
        const s = await adapter.sample();
        return (s.lists.workers as CeleryWorkerDto[]).some((w) => w.hostname === worker.hostname) ? s : undefined;
      }, 20_000, 200);
      expect(sample.health.version).toMatch(/^celery 5\.\d+\.\d+ \(RabbitMQ \d+\.\d+\.\d+\)$/);
      const row = (sample.lists.workers as CeleryWorkerDto[]).find((w) => w.hostname === worker.hostname)!;
      expect(row).toMatchObject({ status: "online", queues: [workQueue] });
      const depths = Object.fromEntries((sample.lists.queues as CeleryQueueDto[]).map((q) => [q.name, q.depth]));
      expect(depths[idleQueue]).toBe(2);
      expect(depths[workQueue]).toBe(0);
      const replies = await adapter.ops.revoke.revoke(`${run}-never-sent`, { destination: [worker.hostname] });
      expect(replies).toEqual([{ worker: worker.hostname, ok: expect.stringContaining(`${run}-never-sent`) }]);
      await poll("a heartbeat through the adapter's hub", async () => heard.find((e) => e.type === "worker-heartbeat" && e.hostname === worker.hostname), 20_000, 200);
    } finally {
      await adapter.close();
      await transport.purgeQueue(idleQueue);
    }
  });
});

describe("celery over RabbitMQ, broker down", () => {
  it("fails connect fast with the socket's error and no password", async () => {
    const url = `amqp://queuedeck:s3cret-pw@127.0.0.1:${await deadPort()}/`;
    const down = createAmqpTransport(url);
    const started = Date.now();
    const err = await down.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    const text = down.describe(err);
    expect(text).toMatch(/ECONNREFUSED/);
    expect(text).not.toContain("s3cret-pw");
    await expect(down.brokerVersion()).rejects.toThrow(/ECONNREFUSED/);
    await expect(down.subscribeEvents(() => undefined)).rejects.toThrow(/ECONNREFUSED/);
    await down.close();
  });

  it("says the broker refused the login, without the password", async () => {
    const url = new URL(vhost.amqpUrl());
    url.password = "wrong-pw-123";
    const refused = createAmqpTransport(url.toString());
    const err = await refused.connect().then(
      () => null,
      (e: unknown) => e,
    );
    const text = refused.describe(err);
    expect(text).toMatch(/ACCESS.REFUSED/);
    expect(text).not.toContain("wrong-pw-123");
    await refused.close();
  });
});
