// Acting on one reason group from the dead-letter inbox, on real brokers: each kind holds two
// reason groups (texts differing only by ids); POST /dead-letters/actions moves exactly one group
// with the source's own path (RabbitMQ replay, Kafka replay, BullMQ retry, Celery retry with a
// real worker), the other group stays, the audit has the start and the end, and a viewer is
// refused (403, audited). RabbitMQ's reasons come from the queue's last peek.
import { execFileSync } from "node:child_process";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboxActionPlanDto, InboxDto, InboxItemDto } from "@/lib/dead-letters";
import { kafkaBrokers, rabbitAmqpUrl, rabbitManagementUrl, redisUrl, runId } from "../support/brokers";
import { BullFixture } from "../support/bullmq";
import { CELERY_DEMO_DIR, CELERY_PYTHON, startCeleryWorker, type CeleryWorkerHandle } from "../support/celery-worker";
import { TestVhost } from "../support/rabbitmq";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";

const run = runId();
const ADMIN_PASSWORD = "inbox-actions-admin-pw";
const VIEWER_PASSWORD = "inbox-actions-viewer-pw";
const vhost = new TestVhost("-ib");
const kOrigin = `${run}.ib-payments`;
const dlt = `${kOrigin}.DLT`;
const bull = new BullFixture();
const bullQueue = `${run}-ib-orders`;
const CELERY_DB = 10;
const celeryQueue = `${run}.ib`;
const celeryBroker = redisUrl(CELERY_DB);
const celeryBackend = redisUrl(CELERY_DB + 1);
const kafka = new Kafka({ clientId: `qd-ib-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
let admin: Admin;
let worker: CeleryWorkerHandle | undefined;
let server: RunningServer;
let api: ApiClient;
let viewer: ApiClient;

// Two reason groups per kind: "order <n> not found" (acted on) and "payment <id> declined" (left).
const ORDER = "order <n> not found";
const PAYMENT = "payment <id> declined";

const config = {
  sources: [
    { id: "rmq", kind: "rabbitmq", name: "Rabbit", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() },
    { id: "kfk", kind: "kafka", name: "Kafka", brokers: kafkaBrokers() },
    { id: "bull", kind: "bullmq", name: "Jobs", redisUrl: bull.url, prefix: bull.prefix },
    { id: "cel", kind: "celery", name: "Celery", brokerUrl: celeryBroker, resultBackendUrl: celeryBackend, queues: [celeryQueue] },
  ],
};

async function inbox(query = ""): Promise<InboxDto> {
  const r = await api.get(`/api/v1/dead-letters${query}`);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json as InboxDto;
}

/** The row of `kind` in my places, once `ready` holds for it. */
async function row(kind: string, ready: (i: InboxItemDto) => boolean, what: string): Promise<InboxItemDto> {
  return poll(
    what,
    async () => {
      const i = (await inbox(`?kind=${kind}`)).items.find((x) => [`${vhost.name}/orders.dlq`, dlt, bullQueue, "demo.long_report"].includes(x.where));
      return i && ready(i) ? i : undefined;
    },
    60_000,
    500,
  );
}

const signatures = (i: InboxItemDto) => Object.fromEntries(i.reasons.map((r) => [r.signature, r.count]));

async function act(item: InboxItemDto, signature: string, extra: Record<string, unknown> = {}, client = api) {
  return client.post("/api/v1/dead-letters/actions", { source: item.source, id: item.id, signature, ...extra });
}

async function finished(operationId: string) {
  return poll("operation finished", async () => {
    const o = await api.get(`/api/v1/operations/${operationId}`);
    return o.json.status === "running" ? undefined : o.json;
  }, 60_000);
}

async function auditRows(action: string): Promise<any[]> {
  return (await api.get(`/api/v1/audit?action=${encodeURIComponent(action)}&limit=50`)).json.items;
}

beforeAll(async () => {
  // RabbitMQ: four orders rejected into orders.dlq by a consumer that names why in a header.
  await vhost.create();
  const ch = await vhost.confirmChannel();
  await ch.assertQueue("orders.dlq", { durable: true });
  await ch.assertQueue("orders", { durable: true, arguments: { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "orders.dlq" } });
  const why = ["order 101 not found", "order 2202 not found", "payment pay_8f7a1 declined", "payment pay_9c2b3 declined"];
  for (const w of why) ch.sendToQueue("orders", Buffer.from(w), { headers: { "x-exception-message": w }, persistent: true });
  await ch.waitForConfirms();
  for (let n = 0; n < why.length; ) {
    const m = await ch.get("orders", { noAck: false });
    if (m) {
      ch.nack(m, false, false);
      n++;
    }
  }

  // Kafka: a dead-letter topic with Spring-style exception headers.
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: kOrigin }, { topic: dlt }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: dlt,
    messages: why.map((w) => ({ value: w, headers: { "kafka_dlt-original-topic": kOrigin, "kafka_dlt-exception-message": w } })),
  });
  await producer.disconnect();

  // BullMQ: four jobs failing with the same texts; the worker stops once they failed.
  const q = bull.queue(bullQueue);
  const w = bull.worker(bullQueue, async (job) => {
    throw new Error(job.data.why);
  });
  await q.addBulk(why.map((text) => ({ name: "ship", data: { why: text } })));
  await poll("four failed jobs", async () => ((await q.getFailedCount()) === 4 ? true : undefined));
  await w.close();

  server = await startServer({ config, env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  api = new ApiClient(server.url);
  expect((await api.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
  expect((await api.post("/api/v1/users", { username: "ib-viewer", password: VIEWER_PASSWORD, role: "viewer" })).status).toBe(201);
  viewer = new ApiClient(server.url);
  expect((await viewer.post("/api/v1/session", { username: "ib-viewer", password: VIEWER_PASSWORD })).status).toBe(200);

  // Celery: a real worker fails demo.long_report twice on a step count and three times on an
  // interval, each text naming an id (ValueError: invalid literal for int() / float()).
  worker = await startCeleryWorker({ brokerUrl: celeryBroker, backendUrl: celeryBackend, name: run, queues: [celeryQueue] });
  const py = [
    "from demo_tasks import add, long_report",
    `q = ${JSON.stringify(celeryQueue)}`,
    "for s in ['ord1a', 'ord2b']: long_report.apply_async(kwargs={'steps': s}, queue=q)",
    "for s in ['pay3c', 'pay4d', 'pay5e']: long_report.apply_async(kwargs={'steps': 1, 'interval': s}, queue=q)",
  ].join("\n");
  execFileSync(CELERY_PYTHON, ["-c", py], {
    cwd: CELERY_DEMO_DIR,
    env: { ...process.env, PYTHONPATH: CELERY_DEMO_DIR, CELERY_BROKER_URL: celeryBroker, CELERY_RESULT_BACKEND: celeryBackend },
  });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await server?.stop();
  await vhost.delete();
  await bull.cleanup();
  await admin?.deleteTopics({ topics: [kOrigin, dlt] }).catch(() => undefined);
  await admin?.disconnect();
  const redis = new Redis(celeryBroker);
  await redis.del(celeryQueue).catch(() => undefined);
  redis.disconnect();
});

describe("acting on a reason group from the dead-letter inbox", () => {
  it("RabbitMQ: reasons come from the last peek; the replay moves only that group back to its origin", async () => {
    const before = await row("rabbitmq", (i) => i.count === 4, "the DLQ with 4 messages");
    expect(before.reasons).toEqual([]);
    expect(before.reasonsNote).toContain("peeking the queue");
    expect((await act(before, ORDER, { dryRun: true })).status).toBe(404);

    const queueId = before.id.slice("rmq/".length);
    const peek = await api.post(`/api/v1/sources/rmq/queues/${queueId}/messages/peek`, { limit: 10 });
    expect(peek.status).toBe(200);
    expect(peek.json.items).toHaveLength(4);
    const learnt = await row("rabbitmq", (i) => i.reasons.length === 2, "reasons learnt from the peek");
    expect(signatures(learnt)).toEqual({ [ORDER]: 2, [PAYMENT]: 2 });
    expect(learnt.reasonsNote).toMatch(/^from the last peek at \d\d:\d\d:\d\d UTC, 4 of 4 messages$/);
    expect(Date.parse(learnt.reasonsAt!)).toBeGreaterThan(Date.now() - 60_000);

    const plan = (await act(learnt, ORDER, { dryRun: true })).json as InboxActionPlanDto;
    expect(plan).toMatchObject({ dryRun: true, kind: "rabbitmq", verb: "replay", matching: 2, exact: true, examined: 4, total: 4 });
    expect(plan.note).toContain("duplicate at most 250");

    const started = await act(learnt, ORDER);
    expect(started.status, JSON.stringify(started.json)).toBe(200);
    const op = await finished(started.json.operationId);
    expect(op).toMatchObject({ status: "done", done: 2, skipped: 2, failed: 0 });

    const ch = await vhost.confirmChannel();
    expect((await ch.checkQueue("orders")).messageCount).toBe(2);
    expect((await ch.checkQueue("orders.dlq")).messageCount).toBe(2);
    const back: string[] = [];
    for (let m = await ch.get("orders", { noAck: true }); m; m = await ch.get("orders", { noAck: true })) back.push(m.content.toString());
    expect(back.sort()).toEqual(["order 101 not found", "order 2202 not found"]);
    const left: string[] = [];
    for (let i = 0; i < 2; i++) {
      const m = await ch.get("orders.dlq", { noAck: false });
      left.push(m ? m.content.toString() : "none");
    }
    ch.nackAll(true);
    expect(left.sort()).toEqual(["payment pay_8f7a1 declined", "payment pay_9c2b3 declined"]);

    // The replay read the queue: the row now shows what it left there.
    const after = await row("rabbitmq", (i) => i.count === 2 && i.reasonsNote?.includes("replay") === true, "reasons learnt from the replay");
    expect(signatures(after)).toEqual({ [PAYMENT]: 2 });
    expect(after.reasonsNote).toMatch(/^from the last replay at \d\d:\d\d:\d\d UTC, 2 of 2 messages$/);

    const [start] = await auditRows("queue.replay");
    expect(start).toMatchObject({ outcome: "ok", source: "rmq", target: `orders.dlq (vhost ${vhost.name})`, params: { signature: ORDER, via: "dead-letter inbox" } });
    const [end] = await auditRows("queue.replay.finished");
    expect(end).toMatchObject({ outcome: "ok", counts: { moved: 2, skipped: 2, failed: 0 } });
  });

  it("Kafka: the replay copies only that group's records to the origin; the dead-letter topic keeps its four", async () => {
    const item = await row("kafka", (i) => i.count === 4 && i.reasons.length === 2, "the DLT with two reasons");
    expect(signatures(item)).toEqual({ [ORDER]: 2, [PAYMENT]: 2 });
    const plan = (await act(item, ORDER, { dryRun: true })).json as InboxActionPlanDto;
    expect(plan).toMatchObject({ verb: "replay", target: kOrigin, matching: 2, exact: true, total: 4 });

    const started = await act(item, ORDER);
    expect(started.status, JSON.stringify(started.json)).toBe(200);
    const op = await finished(started.json.operationId);
    expect(op).toMatchObject({ status: "done", done: 2, skipped: 2, failed: 0 });

    const sum = async (topic: string) => (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    expect(await sum(kOrigin)).toBe(2);
    expect(await sum(dlt)).toBe(4);
    const copies = await api.get(`/api/v1/sources/kfk/topics/${encodeURIComponent(kOrigin)}/messages?limit=10`);
    expect(copies.json.messages.map((m: any) => m.value.text).sort()).toEqual(["order 101 not found", "order 2202 not found"]);

    const [start] = await auditRows("topic.replay");
    expect(start).toMatchObject({ outcome: "ok", source: "kfk", target: dlt, params: { signature: ORDER } });
    const [end] = await auditRows("topic.replay.finished");
    expect(end).toMatchObject({ outcome: "ok", counts: { replayed: 2, skipped: 2, failed: 0 } });
  }, 150_000);

  it("BullMQ: retries only that group's failed jobs; the others stay failed", async () => {
    const item = await row("bullmq", (i) => i.count === 4 && i.reasons.length === 2, "four failed jobs in two groups");
    expect(signatures(item)).toEqual({ [ORDER]: 2, [PAYMENT]: 2 });
    const plan = (await act(item, ORDER, { dryRun: true })).json as InboxActionPlanDto;
    expect(plan).toMatchObject({ verb: "retry", matching: 2, exact: true, examined: 4, total: 4 });

    const started = await act(item, ORDER);
    expect(started.status, JSON.stringify(started.json)).toBe(200);
    expect(started.json.total).toBe(4);
    const op = await finished(started.json.operationId);
    expect(op).toMatchObject({ status: "done", done: 2, skipped: 2, failed: 0 });

    const q = bull.queue(bullQueue);
    expect(await q.getWaitingCount()).toBe(2);
    expect(await q.getFailedCount()).toBe(2);
    expect((await q.getWaiting()).map((j) => j.data.why).sort()).toEqual(["order 101 not found", "order 2202 not found"]);
    expect((await q.getFailed()).map((j) => j.data.why).sort()).toEqual(["payment pay_8f7a1 declined", "payment pay_9c2b3 declined"]);
    const after = await row("bullmq", (i) => i.count === 2, "the inbox row down to 2");
    expect(signatures(after)).toEqual({ [PAYMENT]: 2 });

    const [end] = await auditRows("queue.retry-reason.finished");
    expect(end).toMatchObject({ outcome: "ok", source: "bull", target: bullQueue, counts: { retried: 2, skipped: 2, notRetried: 0 } });
  });

  it("Celery: sends that group's failed tasks again, each linked to its original; the others stay", async () => {
    const item = await row("celery", (i) => i.count === 5 && i.reasons.length === 2, "five failed tasks in two groups");
    const [order, other] = [...item.reasons].sort((a, b) => a.count - b.count);
    expect(order!.count).toBe(2);
    expect(order!.signature).toContain("invalid literal for int()");
    expect(other!.count).toBe(3);
    // Sent tasks wait in the queue instead of failing again.
    await worker?.stop();
    worker = undefined;

    const plan = (await act(item, order!.signature, { dryRun: true })).json as InboxActionPlanDto;
    expect(plan).toMatchObject({ verb: "retry", matching: 2, exact: true, refused: 0, target: celeryQueue });

    const started = await act(item, order!.signature);
    expect(started.status, JSON.stringify(started.json)).toBe(200);
    const op = await finished(started.json.operationId);
    expect(op).toMatchObject({ status: "done", done: 2, failed: 0, skipped: 0 });

    const redis = new Redis(celeryBroker);
    expect(await redis.llen(celeryQueue)).toBe(2);
    redis.disconnect();
    const failed = (await api.get(`/api/v1/sources/cel/tasks?state=FAILURE&name=demo.long_report&limit=10`)).json.items as any[];
    expect(failed).toHaveLength(5);
    const linked = await Promise.all(failed.map(async (t) => (await api.get(`/api/v1/sources/cel/tasks/${t.id}`)).json));
    const retried = linked.filter((t) => t.retriedAs.length === 1);
    expect(retried).toHaveLength(2);
    expect(retried.map((t) => t.kwargs).sort()).toEqual(["{'steps': 'ord1a'}", "{'steps': 'ord2b'}"]);
    const after = await row("celery", (i) => i.count === 3, "the inbox row down to the other group");
    expect(signatures(after)).toEqual({ [other!.signature]: 3 });

    // Again: nothing is sent twice (the group is gone from the row).
    expect((await act(item, order!.signature)).status).toBe(404);

    const [end] = await auditRows("task.retry-reason.finished");
    expect(end).toMatchObject({ outcome: "ok", source: "cel", target: "demo.long_report", counts: { sent: 2, failed: 0, refused: 0 } });
  });

  it("refuses a viewer (403, audited) and answers bad input with a 4xx naming the problem", async () => {
    const item = await row("bullmq", (i) => i.count === 2, "the BullMQ row");
    const denied = await act(item, PAYMENT, {}, viewer);
    expect(denied.status).toBe(403);
    const [row403] = await auditRows("queue.retry-reason");
    expect(row403).toMatchObject({ outcome: "denied", actor: "ib-viewer", target: bullQueue, params: { signature: PAYMENT } });
    expect(await bull.queue(bullQueue).getFailedCount()).toBe(2);
    // A dry run is a read: a viewer may see what would move.
    expect((await act(item, PAYMENT, { dryRun: true }, viewer)).json).toMatchObject({ matching: 2 });

    const missing = await api.post("/api/v1/dead-letters/actions", { source: "bull", id: item.id });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toContain("signature");
    const unknownSource = await api.post("/api/v1/dead-letters/actions", { source: "nope", id: "nope/x", signature: PAYMENT });
    expect(unknownSource.status).toBe(404);
    expect(unknownSource.json.error.message).toContain("nope");
    const otherSource = await api.post("/api/v1/dead-letters/actions", { source: "rmq", id: item.id, signature: PAYMENT });
    expect(otherSource.status).toBe(400);
    expect(otherSource.json.error.message).toContain("id");
    const unknownReason = await act(item, "disk <n> full");
    expect(unknownReason.status).toBe(404);
    expect(unknownReason.json.error.message).toContain("disk <n> full");
    expect((await api.get("/api/v1/dead-letters/actions")).status).toBe(405);
  });
});
