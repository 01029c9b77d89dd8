// The dead-letter inbox on real brokers: a dead letter of each kind (a RabbitMQ message rejected
// into its dead-letter queue, a Kafka record in a .DLT topic, a failed BullMQ job, a failed
// Celery task) appears in GET /api/v1/dead-letters with its origin and its reason signature.
import { execFileSync } from "node:child_process";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboxDto, InboxItemDto } from "@/lib/dead-letters";
import { kafkaBrokers, rabbitAmqpUrl, rabbitManagementUrl, redisUrl, runId } from "../support/brokers";
import { BullFixture } from "../support/bullmq";
import { CELERY_DEMO_DIR, CELERY_PYTHON, startCeleryWorker, type CeleryWorkerHandle } from "../support/celery-worker";
import { TestVhost } from "../support/rabbitmq";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";

const run = runId();
const ADMIN_PASSWORD = "inbox-admin-password";
const vhost = new TestVhost("-inbox");
const origin = `${run}.payments`;
const dlt = `${origin}.DLT`;
const bull = new BullFixture();
const bullQueue = `${run}-orders`;
const CELERY_BROKER_DB = 8;
const celeryQueue = `${run}.inbox`;
const celeryBroker = redisUrl(CELERY_BROKER_DB);
const celeryBackend = redisUrl(CELERY_BROKER_DB + 1);
const kafka = new Kafka({ clientId: `qd-inbox-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
let admin: Admin;
let worker: CeleryWorkerHandle | undefined;
let server: RunningServer;
let api: ApiClient;

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

const mine = (items: InboxItemDto[]) => items.filter((i) => [`${vhost.name}/orders.dlq`, dlt, bullQueue, "demo.add"].includes(i.where));

beforeAll(async () => {
  // RabbitMQ: two orders rejected into orders.dlq (real dead letters, with x-death).
  await vhost.create();
  const ch = await vhost.confirmChannel();
  await ch.assertQueue("orders.dlq", { durable: true });
  await ch.assertQueue("orders", { durable: true, arguments: { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "orders.dlq" } });
  for (const i of [1, 2]) ch.sendToQueue("orders", Buffer.from(`order ${i}`));
  await ch.waitForConfirms();
  for (let n = 0; n < 2; ) {
    const m = await ch.get("orders", { noAck: false });
    if (m) {
      ch.nack(m, false, false);
      n++;
    }
  }

  // Kafka: three records in a dead-letter topic, from Spring-style headers.
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: origin }, { topic: dlt }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: dlt,
    messages: ["cust_81a", "cust_92b", "cust_17c"].map((c) => ({
      value: `payment of ${c}`,
      headers: { "kafka_dlt-original-topic": origin, "kafka_dlt-exception-message": `card declined for ${c}` },
    })),
  });
  await producer.disconnect();

  // BullMQ: two jobs that fail with ids in their reasons.
  const q = bull.queue(bullQueue);
  bull.worker(bullQueue, async (job) => {
    throw new Error(`order ${job.data.order} not found`);
  });
  await q.addBulk([1234, 5678].map((order) => ({ name: "ship", data: { order } })));
  await poll("two failed jobs", async () => ((await q.getFailedCount()) === 2 ? true : undefined));

  server = await startServer({ config, env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  api = new ApiClient(server.url);
  expect((await api.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);

  // Celery: two demo.add calls that raise TypeError in a real worker, heard by the server's receiver.
  worker = await startCeleryWorker({ brokerUrl: celeryBroker, backendUrl: celeryBackend, name: run, queues: [celeryQueue] });
  execFileSync(CELERY_PYTHON, ["-c", `from demo_tasks import add\nfor i in range(2): add.apply_async((i, 'x'), queue=${JSON.stringify(celeryQueue)})`], {
    cwd: CELERY_DEMO_DIR,
    env: { ...process.env, PYTHONPATH: CELERY_DEMO_DIR, CELERY_BROKER_URL: celeryBroker, CELERY_RESULT_BACKEND: celeryBackend },
  });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await server?.stop();
  await vhost.delete();
  await bull.cleanup();
  await admin?.deleteTopics({ topics: [origin, dlt] }).catch(() => undefined);
  await admin?.disconnect();
  const redis = new Redis(celeryBroker);
  await redis.del(celeryQueue).catch(() => undefined);
  redis.disconnect();
});

describe("the dead-letter inbox", () => {
  it("lists a dead letter of each kind with its origin, count and reason signature", async () => {
    const items = await poll(
      "one row per kind in the inbox",
      async () => {
        const found = mine((await inbox()).items);
        return found.length === 4 && found.every((i) => i.count === (i.kind === "kafka" ? 3 : 2) && (i.kind === "rabbitmq" || i.reasons.length > 0)) ? found : undefined;
      },
      60_000,
      500,
    );
    const byKind = Object.fromEntries(items.map((i) => [i.kind, i]));
    expect(byKind.rabbitmq).toMatchObject({ source: "rmq", sourceName: "Rabbit", origin: "orders", count: 2, reasons: [], reasonsFrom: 0 });
    expect(byKind.rabbitmq!.href).toBe(`/sources/rmq/queues/${encodeURIComponent(vhost.name)}/orders.dlq`);
    expect(byKind.kafka).toMatchObject({ source: "kfk", origin, count: 3, reasons: [{ signature: "card declined for <id>", count: 3 }] });
    expect(byKind.kafka!.oldestAt).not.toBeNull();
    expect(byKind.bullmq).toMatchObject({ source: "bull", origin: bullQueue, count: 2, reasonsFrom: 2, reasons: [{ signature: "order <n> not found", count: 2 }] });
    expect(["order 1234 not found", "order 5678 not found"]).toContain(byKind.bullmq!.reasons[0]!.example);
    expect(Date.parse(byKind.bullmq!.oldestAt!)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(byKind.celery).toMatchObject({ source: "cel", origin: "demo.add", count: 2, growthPerHour: 2, reasonsFrom: 2 });
    expect(byKind.celery!.reasons).toHaveLength(1);
    expect(byKind.celery!.reasons[0]!.signature).toContain("TypeError");
    expect(byKind.celery!.href).toBe("/sources/cel/tasks?state=FAILURE&name=demo.add");
  });

  it("filters by source, kind, origin and reason, and says what each source watches", async () => {
    const all = await inbox();
    expect(all.sources.map((s) => [s.source, s.kind, s.status])).toEqual([
      ["rmq", "rabbitmq", "up"],
      ["kfk", "kafka", "up"],
      ["bull", "bullmq", "up"],
      ["cel", "celery", "up"],
    ]);
    expect(all.sources.every((s) => s.watches.length > 10)).toBe(true);

    const kafkaOnly = await inbox("?kind=kafka");
    expect(new Set(kafkaOnly.items.map((i) => i.kind))).toEqual(new Set(["kafka"]));
    expect(kafkaOnly.sources.map((s) => s.source)).toEqual(["kfk"]);

    expect(mine((await inbox("?source=bull")).items).map((i) => i.where)).toEqual([bullQueue]);
    expect(mine((await inbox(`?origin=${encodeURIComponent(origin)}`)).items).map((i) => i.where)).toEqual([dlt]);
    const byReason = mine((await inbox("?reason=NOT%20FOUND")).items);
    expect(byReason.map((i) => [i.where, i.reasons.map((r) => r.signature)])).toEqual([[bullQueue, ["order <n> not found"]]]);
  });

  it("answers bad filters with a 4xx naming the problem", async () => {
    const unknown = await api.get("/api/v1/dead-letters?source=nope");
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toContain("nope");
    const kind = await api.get("/api/v1/dead-letters?kind=mqtt");
    expect(kind.status).toBe(400);
    expect(kind.json.error.message).toContain("kind");
    const extra = await api.get("/api/v1/dead-letters?colour=red");
    expect(extra.status).toBe(400);
    expect(extra.json.error.message).toContain("colour");
    expect((await new ApiClient(server.url).get("/api/v1/dead-letters")).status).toBe(401);
  });
});
