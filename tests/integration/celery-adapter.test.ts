// The Celery adapter against real Redis and a real Celery worker (demo app),
// isolated by a queue and worker name unique to this run.
import { execFileSync } from "node:child_process";
import net from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCeleryAdapter, type CeleryAdapter } from "@/server/brokers/celery/adapter";
import { bindingSetKey, buildTaskMessage, priorityQueueKeys } from "@/server/brokers/celery/envelope";
import type { CeleryQueueDto, CeleryTaskDto, CeleryWorkerDto } from "@/lib/celery";
import { redisUrl, runId } from "../support/brokers";
import { CELERY_PYTHON, startCeleryWorker, type CeleryWorkerHandle } from "../support/celery-worker";

const run = runId();
const workQueue = `${run}.work`; // the worker consumes this one
const idleQueue = `${run}.idle`; // nobody consumes this one: its depth is what we put there
const brokerUrl = redisUrl(0);
const backendUrl = redisUrl(1);

let worker: CeleryWorkerHandle;
let adapter: CeleryAdapter;
let broker: Redis;
let backend: Redis;
const taskIds: string[] = [];

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nworker log:\n${worker?.logTail()}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

beforeAll(async () => {
  broker = new Redis(brokerUrl);
  backend = new Redis(backendUrl);
  worker = await startCeleryWorker({ brokerUrl, backendUrl, name: run, queues: [workQueue] });
  adapter = createCeleryAdapter({
    id: "celery-it",
    kind: "celery",
    name: "Celery IT",
    brokerUrl,
    resultBackendUrl: backendUrl,
    queues: [idleQueue],
  });
  await adapter.connect();
});

afterAll(async () => {
  await worker?.stop();
  await adapter?.close();
  const keys = [...priorityQueueKeys(workQueue), ...priorityQueueKeys(idleQueue), bindingSetKey(workQueue)];
  await broker?.del(...keys);
  if (taskIds.length) await backend?.del(...taskIds.map((id) => `celery-task-meta-${id}`));
  broker?.disconnect();
  backend?.disconnect();
});

describe("celery adapter (real Redis + real worker)", () => {
  it("is up, with the workers' Celery version and Redis's version", async () => {
    const celeryVersion = execFileSync(CELERY_PYTHON, ["-c", "import celery; print(celery.__version__)"]).toString().trim();
    const health = await adapter.health();
    expect(health.status).toBe("up");
    expect(health.version).toContain(`celery ${celeryVersion}`);
    expect(health.version).toMatch(/\(Redis \d+\.\d+\.\d+\)/);
  });

  it("lists the worker with its pool, version and queues", async () => {
    const sample = await adapter.sample();
    expect(sample.health.status).toBe("up");
    const row = (sample.lists.workers as CeleryWorkerDto[]).find((w) => w.hostname === worker.hostname);
    expect(row).toMatchObject({ pool: "prefork", concurrency: 2, queues: [workQueue] });
    expect(row?.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(sample.stats.workers).toBeGreaterThanOrEqual(1);
    const queues = sample.lists.queues as CeleryQueueDto[];
    expect(queues.map((q) => q.name)).toEqual(expect.arrayContaining([workQueue, idleQueue]));
  });

  it("shows a running task with progress, revokes it with terminate, and the backend says REVOKED", async () => {
    // Sent from TypeScript as a protocol-2 message: the real worker must accept our envelope.
    const msg = buildTaskMessage({ name: "demo.long_report", kwargs: { steps: 120, interval: 0.5 }, queue: workQueue });
    taskIds.push(msg.id);
    await broker.lpush(msg.queue, msg.envelope);

    const running = await until("the task to report progress", async () => {
      const s = await adapter.sample();
      const t = (s.lists.tasks as CeleryTaskDto[] | undefined)?.find((x) => x.id === msg.id);
      return t && (t.progress ?? 0) > 0 ? { task: t, sample: s } : undefined;
    });
    expect(running.task).toMatchObject({ name: "demo.long_report", worker: worker.hostname, state: "PROGRESS" });
    expect(running.task.meta).toMatchObject({ total: 120 });
    expect(Date.parse(running.task.startedAt ?? "")).not.toBeNaN();
    expect(running.sample.stats.active).toBeGreaterThanOrEqual(1);
    expect(running.sample.metrics).toContainEqual({ entity: "", metric: "active", value: running.sample.stats.active });

    const replies = await adapter.ops.revoke.revoke(msg.id, { terminate: true, destination: [worker.hostname] });
    expect(replies).toEqual([{ worker: worker.hostname, ok: `terminate: ${msg.id}` }]);

    const status = await until("REVOKED in the result backend", async () => {
      const raw = await backend.get(`celery-task-meta-${msg.id}`);
      const meta = raw ? (JSON.parse(raw) as { status: string }) : undefined;
      return meta?.status === "REVOKED" ? meta.status : undefined;
    }, 10_000);
    expect(status).toBe("REVOKED");
    // The killed pool process must not overwrite it with a WorkerLostError FAILURE a moment later.
    await new Promise((r) => setTimeout(r, 1500));
    expect(JSON.parse((await backend.get(`celery-task-meta-${msg.id}`)) ?? "{}")).toMatchObject({ status: "REVOKED" });

    const after = await adapter.sample();
    expect((after.lists.tasks as CeleryTaskDto[]).some((t) => t.id === msg.id)).toBe(false);
  });

  it("sets a rate limit and reads the worker's ok; an unknown task gets the worker's error", async () => {
    const ok = await adapter.ops.taskRateLimit.setTaskRateLimit("demo.add", "10/m", { destination: [worker.hostname] });
    expect(ok).toEqual([{ worker: worker.hostname, ok: "new rate limit set successfully" }]);
    const off = await adapter.ops.taskRateLimit.setTaskRateLimit("demo.add", "", { destination: [worker.hostname] });
    expect(off).toEqual([{ worker: worker.hostname, ok: "rate limit disabled successfully" }]);
    const unknown = await adapter.ops.taskRateLimit.setTaskRateLimit("demo.nope", "1/s", { destination: [worker.hostname] });
    expect(unknown).toEqual([{ worker: worker.hostname, error: "unknown task" }]);
    await expect(adapter.ops.taskRateLimit.setTaskRateLimit("demo.add", "ten per minute")).rejects.toThrow(/invalid rate limit/);
  });

  it("reports queue depth equal to the lists' lengths, priority sub-lists included", async () => {
    for (let i = 0; i < 5; i++) await broker.lpush(idleQueue, buildTaskMessage({ name: "demo.add", args: [i, i], queue: idleQueue }).envelope);
    const high = priorityQueueKeys(idleQueue)[2]!; // kombu's priority-6 list
    for (let i = 0; i < 2; i++) await broker.lpush(high, buildTaskMessage({ name: "demo.add", args: [i, 0], queue: idleQueue }).envelope);
    const llen = (await broker.llen(idleQueue)) + (await broker.llen(high));
    expect(llen).toBe(7);

    const sample = await adapter.sample();
    const row = (sample.lists.queues as CeleryQueueDto[]).find((q) => q.name === idleQueue);
    expect(row).toEqual({ id: idleQueue, name: idleQueue, depth: llen });
    expect(sample.metrics).toContainEqual({ entity: `queue:${idleQueue}`, metric: "depth", value: llen });
    expect(sample.stats.messages).toBeGreaterThanOrEqual(llen);
  });

  it("never waits on a hung worker longer than the reply window", async () => {
    process.kill(worker.pid, "SIGSTOP"); // still subscribed, never answers
    try {
      const started = Date.now();
      const sample = await adapter.sample();
      const elapsed = Date.now() - started;
      expect(sample.health.status).toBe("up");
      // It did not answer, but it sent a heartbeat less than two intervals ago: still listed online.
      const row = (sample.lists.workers as CeleryWorkerDto[]).find((w) => w.hostname === worker.hostname);
      expect(row?.status).toBe("online");
      expect(Date.now() - Date.parse(row!.lastSeenAt!)).toBeLessThan(6000);
      expect(elapsed).toBeGreaterThanOrEqual(900); // it did wait for replies...
      expect(elapsed).toBeLessThan(2000); // ...but only for the window
    } finally {
      process.kill(worker.pid, "SIGCONT");
    }
    // Replies to the commands it missed go nowhere: the reply binding is gone.
    expect(await adapter.ping({ destination: [worker.hostname], timeoutMs: 3000 })).toEqual([worker.hostname]);
  });

  it("says 'no workers' honestly where none listen, and still reports Redis's version", async () => {
    // db 15 of the same Redis: no Celery app of this project uses it.
    const empty = createCeleryAdapter({ id: "celery-empty", kind: "celery", name: "empty", brokerUrl: redisUrl(15), queues: [idleQueue] });
    try {
      const started = Date.now();
      const sample = await empty.sample();
      expect(sample.health).toMatchObject({ status: "up" });
      expect(sample.health.version).toMatch(/^celery: no workers \(Redis \d+\.\d+\.\d+\)$/);
      expect(sample.stats).toMatchObject({ workers: 0, active: 0 });
      expect(sample.lists.workers).toEqual([]);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await empty.close();
    }
  });

  it("is down with Redis's own error, no credentials, and answers fast on a wrong port", async () => {
    const port = await closedPort();
    const bad = createCeleryAdapter({
      id: "celery-down",
      kind: "celery",
      name: "down",
      brokerUrl: `redis://qduser:s3cretpw@127.0.0.1:${port}/0`,
    });
    try {
      const started = Date.now();
      const health = await bad.health();
      const elapsed = Date.now() - started;
      expect(health.status).toBe("down");
      expect(health.error).toMatch(/ECONNREFUSED/);
      expect(health.error).not.toContain("s3cretpw");
      expect(elapsed).toBeLessThan(2000);

      const sample = await bad.sample();
      expect(sample.health.status).toBe("down");
      expect(sample.health.error).toMatch(/ECONNREFUSED/);
      await expect(bad.connect()).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await bad.close();
    }
  });
});
