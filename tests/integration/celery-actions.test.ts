// Celery worker actions on a real QueueDeck server, real Redis (db 6 broker, db 7 backend) and a
// real Celery worker: task types with their per-worker rate limits, a worker's detail, pool
// grow/shrink, stop/start consuming a queue, queue purge, and task retry. Every effect is read
// back from the worker with Celery's own client, from Redis, or from the result backend.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bindingSetKey, buildTaskMessage, decodeEnvelope, priorityQueueKeys } from "@/server/brokers/celery/envelope";
import { RETRY_OF_HEADER } from "@/server/brokers/celery/retry";
import { celeryWorkerOps } from "@/server/brokers/celery/worker-ops";
import { redisUrl, runId } from "../support/brokers";
import { startCeleryWorker, type CeleryWorkerHandle } from "../support/celery-worker";
import { redisWorkerOpsTransport, type TestTransport } from "../support/celery-transport";
import { inspectWithCelery } from "../support/contract/celery-inspect";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";

const ADMIN_PASSWORD = "admin-password-for-celery-actions";
const run = runId();
const brokerUrl = redisUrl(6);
const backendUrl = redisUrl(7);
/** Consumed from start to end. */
const workQueue = `${run}.work`;
/** Consumed, then cancelled and added back. */
const switchQueue = `${run}.switch`;
/** Nobody consumes it: purge and the retry's message are read here. */
const idleQueue = `${run}.idle`;
const S = "/api/v1/sources/celery";

let worker: CeleryWorkerHandle;
let server: RunningServer;
let admin: ApiClient;
let viewer: ApiClient;
let broker: Redis;
let backend: Redis;
let transport: TestTransport;
const taskIds: string[] = [];

const inspect = (method: string) => inspectWithCelery(brokerUrl, worker.hostname, method);
const depth = async (queue: string) => (await Promise.all(priorityQueueKeys(queue).map((k) => broker.llen(k)))).reduce((a, b) => a + b, 0);

async function send(name: string, args: unknown[], queue: string, opts: { id?: string; eta?: Date } = {}): Promise<string> {
  const msg = buildTaskMessage({ name, args, queue, ...(opts.id ? { id: opts.id } : {}) });
  let envelope = msg.envelope;
  if (opts.eta) {
    const parsed = JSON.parse(envelope);
    parsed.headers.eta = opts.eta.toISOString();
    envelope = JSON.stringify(parsed);
  }
  taskIds.push(msg.id);
  await broker.lpush(queue, envelope);
  return msg.id;
}

/** The task's end state in the result backend: {status, result} once it finished. */
function finished(id: string, timeoutMs = 20_000) {
  return poll(
    `task ${id} finished in the result backend`,
    async () => {
      const raw = await backend.get(`celery-task-meta-${id}`);
      const meta = raw ? (JSON.parse(raw) as { status: string; result: any }) : undefined;
      return meta && ["SUCCESS", "FAILURE", "REVOKED"].includes(meta.status) ? meta : undefined;
    },
    timeoutMs,
  );
}

async function audit(action: string) {
  return (await admin.get(`/api/v1/audit?source=celery&action=${action}&limit=10`)).json.items as any[];
}

beforeAll(async () => {
  broker = new Redis(brokerUrl);
  backend = new Redis(backendUrl);
  transport = redisWorkerOpsTransport(brokerUrl);
  worker = await startCeleryWorker({ brokerUrl, backendUrl, name: run, queues: [workQueue, switchQueue], concurrency: 2 });
  server = await startServer({
    // The switched queue is configured: the collector watches the queues workers consume plus
    // these, so its backlog stays listed while no worker consumes it.
    config: { sources: [{ id: "celery", kind: "celery", name: "Celery", brokerUrl, resultBackendUrl: backendUrl, queues: [idleQueue, switchQueue] }] },
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  admin = new ApiClient(server.url);
  expect((await admin.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
  expect((await admin.post("/api/v1/users", { username: "vic", password: "viewer-password-1", role: "viewer" })).status).toBe(201);
  viewer = new ApiClient(server.url);
  expect((await viewer.post("/api/v1/session", { username: "vic", password: "viewer-password-1" })).status).toBe(200);
  await poll("the worker in the snapshot", async () =>
    ((await admin.get(`${S}/workers`)).json.items as any[]).some((w) => w.hostname === worker.hostname) ? true : undefined,
  );
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await worker?.stop();
  transport?.close();
  for (const q of [workQueue, switchQueue, idleQueue]) await broker?.del(...priorityQueueKeys(q), bindingSetKey(q));
  if (taskIds.length) await backend?.del(...taskIds.map((id) => `celery-task-meta-${id}`));
  // Celery's own client (the read-backs) leaves its reply queues behind; db 6 is this file's alone.
  const replyQueues = await broker?.keys("*.reply.celery.pidbox*");
  if (replyQueues?.length) await broker.del(...replyQueues, bindingSetKey("reply.celery.pidbox"));
  broker?.disconnect();
  backend?.disconnect();
});

describe("Celery worker actions", () => {
  it("announces the worker operations", async () => {
    const { capabilities } = (await admin.get(S)).json;
    expect(capabilities).toMatchObject({ taskTypes: true, workerDetail: true, workerPool: true, workerConsumers: true, purge: true });
  });

  it("lists task types with each worker's own rate limit, after setting one", async () => {
    const set = await admin.request("PUT", `${S}/task-types/demo.add/rate-limit`, { rate: "10/m" });
    expect(set.json).toEqual({ ok: true, acknowledged: [worker.hostname], noReply: [], refused: [] });
    const res = await viewer.get(`${S}/task-types`);
    expect(res.status).toBe(200);
    expect(res.json.answered).toEqual([worker.hostname]);
    expect(res.json.noReply).toEqual([]);
    const byName = Object.fromEntries((res.json.items as any[]).map((t) => [t.name, t.workers]));
    expect(byName["demo.add"]).toEqual([{ worker: worker.hostname, rateLimit: "10/m" }]);
    expect(byName["demo.long_report"]).toEqual([{ worker: worker.hostname, rateLimit: null }]);
    expect(Object.keys(byName).sort()).toEqual(["demo.add", "demo.flaky", "demo.long_report", "demo.resize_image"]);

    await admin.request("PUT", `${S}/task-types/demo.add/rate-limit`, { rate: "" });
    // The read is shared among tabs for 2 s, but an action forgets it at once.
    const after = await admin.get(`${S}/task-types`);
    expect((after.json.items as any[]).find((t) => t.name === "demo.add").workers).toEqual([{ worker: worker.hostname, rateLimit: null }]);
  });

  it("shows a worker's detail: pool, queues, a scheduled (countdown) task, registered types", async () => {
    // Whole seconds: the worker reports the ETA without its milliseconds.
    const eta = new Date(Math.ceil(Date.now() / 1000) * 1000 + 10 * 60_000);
    const later = await send("demo.add", [3, 4], workQueue, { eta });
    const d = await poll("the scheduled task in the worker detail", async () => {
      const r = await viewer.get(`${S}/workers/${encodeURIComponent(worker.hostname)}`);
      return r.status === 200 && r.json.scheduled.some((t: any) => t.id === later) ? r.json : undefined;
    });
    expect(d).toMatchObject({ id: worker.hostname, hostname: worker.hostname, pool: "prefork", concurrency: 2, autoscale: null });
    expect(d.queues.map((q: any) => q.name).sort()).toEqual([switchQueue, workQueue].sort());
    expect(d.scheduled.find((t: any) => t.id === later)).toMatchObject({ name: "demo.add", args: '{"args":[3,4],"kwargs":{}}', eta: eta.toISOString() });
    expect(d.registered.map((t: any) => t.name)).toContain("demo.long_report");
    expect(d.pid).toBe((await inspect("stats")).pid);
    // Not run later by a worker of another test: revoked now.
    await admin.post(`${S}/tasks/${later}/revoke`, {});

    const unknown = await admin.get(`${S}/workers/${encodeURIComponent(`nobody-${run}@nowhere`)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toMatch(/did not answer within/);
  });

  it("grows the pool (Celery's own stats show the new size), shrinks it back, and reports a refused autoscale", async () => {
    const path = `${S}/workers/${encodeURIComponent(worker.hostname)}/pool`;
    const grow = await admin.post(path, { grow: 1 });
    expect(grow.status).toBe(200);
    expect(grow.json).toEqual({ ok: true, acknowledged: [worker.hostname], noReply: [], refused: [] });
    await poll("3 pool processes in Celery's stats", async () => ((await inspect("stats")).pool.processes.length === 3 ? true : undefined), 20_000, 500);
    expect((await admin.get(`${S}/workers/${encodeURIComponent(worker.hostname)}`)).json.concurrency).toBe(3);
    expect((await audit("worker.pool"))[0]).toMatchObject({ outcome: "ok", target: worker.hostname, params: { grow: 1 }, counts: { acknowledged: 1 } });

    expect((await admin.post(path, { shrink: 1 })).json).toMatchObject({ ok: true, acknowledged: [worker.hostname] });
    await poll("2 pool processes again", async () => ((await inspect("stats")).pool.processes.length === 2 ? true : undefined), 20_000, 500);

    const autoscale = await admin.post(path, { autoscale: [4, 1] });
    expect(autoscale.json).toEqual({ ok: false, acknowledged: [], noReply: [], refused: [{ worker: worker.hostname, error: "ValueError('Autoscale not enabled')" }] });
  });

  it("stops consuming a queue: tasks sent there wait; starting again runs them", async () => {
    const path = `${S}/workers/${encodeURIComponent(worker.hostname)}/consumers`;
    const cancel = await admin.post(path, { queue: switchQueue, action: "cancel" });
    expect(cancel.json).toEqual({ ok: true, acknowledged: [worker.hostname], noReply: [], refused: [] });
    await poll(`${switchQueue} gone from active_queues`, async () => {
      const names = ((await inspect("active_queues")) as any[]).map((q) => q.name);
      return names.includes(switchQueue) ? undefined : names;
    }).then((names) => expect(names).toEqual([workQueue]));

    const ids = [await send("demo.add", [1, 1], switchQueue), await send("demo.add", [2, 2], switchQueue), await send("demo.add", [3, 3], switchQueue)];
    await new Promise((r) => setTimeout(r, 2000));
    expect(await depth(switchQueue)).toBe(3);
    expect(await backend.get(`celery-task-meta-${ids[0]}`)).toBeNull();
    await poll("the waiting tasks in the queue list", async () =>
      ((await admin.get(`${S}/queues`)).json.items as any[]).some((q) => q.name === switchQueue && q.depth === 3) ? true : undefined,
    );

    const add = await admin.post(path, { queue: switchQueue, action: "add" });
    expect(add.json).toMatchObject({ ok: true, acknowledged: [worker.hostname] });
    const results = await Promise.all(ids.map((id) => finished(id)));
    expect(results.map((m) => [m.status, m.result])).toEqual([
      ["SUCCESS", 2],
      ["SUCCESS", 4],
      ["SUCCESS", 6],
    ]);
    expect(await depth(switchQueue)).toBe(0);
    expect((await audit("worker.consumer")).slice(0, 2).map((r) => [r.outcome, r.target, r.params])).toEqual([
      ["ok", worker.hostname, { queue: switchQueue, action: "add" }],
      ["ok", worker.hostname, { queue: switchQueue, action: "cancel" }],
    ]);
  });

  it("purges a queue: the answer and the audit carry the count, and the list is empty", async () => {
    for (let i = 0; i < 5; i++) await send("demo.add", [i, i], idleQueue);
    expect(await depth(idleQueue)).toBe(5);
    const res = await admin.post(`${S}/queues/${encodeURIComponent(idleQueue)}/purge`, {});
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ purged: 5 });
    expect(await broker.llen(idleQueue)).toBe(0);
    expect((await audit("queue.purge"))[0]).toMatchObject({ outcome: "ok", target: idleQueue, counts: { purged: 5 } });
  });

  it("retries a failed task with the same args (it fails the same way), and a revoked one (it now succeeds)", async () => {
    const ops = celeryWorkerOps(transport, { windowMs: 1000 });

    const failedId = await send("demo.add", ["a", 1], workQueue);
    const failed = await finished(failedId);
    expect(failed.status).toBe("FAILURE");
    const again = await ops.taskRetry.retry({ fromId: failedId, name: "demo.add", args: ["a", 1], kwargs: {}, queue: workQueue });
    taskIds.push(again.taskId);
    expect(again.taskId).not.toBe(failedId);
    const second = await finished(again.taskId);
    expect(second.status).toBe("FAILURE");
    expect(second.result).toEqual(failed.result); // same exception, same message: same args

    // Revoked before it ran: the worker drops it on arrival.
    const revokedId = crypto.randomUUID();
    expect((await admin.post(`${S}/tasks/${revokedId}/revoke`, {})).json.acknowledged).toEqual([worker.hostname]);
    await send("demo.add", [20, 22], workQueue, { id: revokedId });
    expect((await finished(revokedId)).status).toBe("REVOKED");
    const retried = await ops.taskRetry.retry({ fromId: revokedId, name: "demo.add", args: [20, 22], kwargs: {}, queue: workQueue });
    taskIds.push(retried.taskId);
    expect(await finished(retried.taskId)).toMatchObject({ status: "SUCCESS", result: 42 });
  });

  it("sends a retry as the same message, linked to the old task", async () => {
    const ops = celeryWorkerOps(transport, { windowMs: 1000 });
    const sent = await ops.taskRetry.retry({ fromId: "old-task-1", name: "demo.resize_image", args: [], kwargs: { name: "a.jpg", width: 10 }, queue: idleQueue });
    const [raw] = await broker.lrange(idleQueue, 0, -1);
    const msg = decodeEnvelope(raw!);
    expect(msg.headers).toMatchObject({ task: "demo.resize_image", id: sent.taskId, root_id: sent.taskId, [RETRY_OF_HEADER]: "old-task-1" });
    expect(msg.body).toEqual([[], { name: "a.jpg", width: 10 }, { callbacks: null, errbacks: null, chain: null, chord: null }]);
    expect(msg.properties.delivery_info).toEqual({ exchange: "", routing_key: idleQueue });
    await broker.del(idleQueue);
  });

  it("validates bodies field by field", async () => {
    const pool = `${S}/workers/${encodeURIComponent(worker.hostname)}/pool`;
    const zero = await admin.post(pool, { grow: 0 });
    expect(zero.status).toBe(400);
    expect(zero.json.error.message).toMatch(/^grow: /);
    expect((await admin.post(pool, { grow: 1, shrink: 1 })).json.error.message).toMatch(/exactly one of grow, shrink or autoscale/);
    expect((await admin.post(pool, { autoscale: [1, 3] })).json.error.message).toMatch(/max must be at least min/);
    const consumers = await admin.post(`${S}/workers/${encodeURIComponent(worker.hostname)}/consumers`, { queue: "q", action: "pause" });
    expect(consumers.status).toBe(400);
    expect(consumers.json.error.message).toMatch(/^action: /);
    expect((await inspect("stats")).pool.processes.length).toBe(2);
  });

  it("refuses viewers every action with 403, audited as denied and naming the target", async () => {
    const w = encodeURIComponent(worker.hostname);
    const attempts: [string, string, unknown, string, string][] = [
      ["POST", `${S}/workers/${w}/pool`, { grow: 1 }, "worker.pool", worker.hostname],
      ["POST", `${S}/workers/${w}/consumers`, { queue: workQueue, action: "cancel" }, "worker.consumer", worker.hostname],
      ["POST", `${S}/queues/${encodeURIComponent(workQueue)}/purge`, {}, "queue.purge", workQueue],
      ["POST", `${S}/tasks/some-task/retry`, {}, "task.retry", "some-task"],
      ["PUT", `${S}/task-types/demo.add/rate-limit`, { rate: "1/s" }, "task-type.rate-limit", "demo.add"],
    ];
    for (const [method, path, body, action, target] of attempts) {
      const res = await viewer.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await audit(action))[0], action).toMatchObject({ actor: "vic", outcome: "denied", target });
    }
    expect(((await inspect("active_queues")) as any[]).map((q) => q.name).sort()).toEqual([switchQueue, workQueue].sort());
    expect((await inspect("stats")).pool.processes.length).toBe(2);
  });
});
