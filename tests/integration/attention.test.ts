// GET /api/v1/attention on real brokers: a queue that waits with no consumer, a Kafka group
// behind by the age of its oldest unread record, and a source that is down, ranked.
import { Kafka, logLevel, type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttentionDto } from "@/lib/attention";
import { kafkaBrokers, rabbitAmqpUrl, rabbitManagementUrl, runId } from "../support/brokers";
import { TestVhost } from "../support/rabbitmq";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { deadPort, poll } from "../support/wait";

const run = runId();
const ADMIN_PASSWORD = "attention-admin-password";
const vhost = new TestVhost("-attn");
const topic = `${run}.events`;
const group = `${run}-slow-readers`;
/** How old the records are when the group's lag is read: the group is at least this far behind. */
const AGE_MS = 20_000;
const kafka = new Kafka({ clientId: `qd-attn-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
let admin: Admin;
let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  await vhost.create();
  const ch = await vhost.confirmChannel();
  await ch.assertQueue("invoices", { durable: true });
  for (let i = 0; i < 5; i++) ch.sendToQueue("invoices", Buffer.from(`invoice ${i}`));
  await ch.waitForConfirms();

  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
  const producer = kafka.producer();
  await producer.connect();
  // Records stamped AGE_MS ago, none of them consumed by the group.
  const stamp = String(Date.now() - AGE_MS);
  await producer.send({ topic, messages: Array.from({ length: 8 }, (_, i) => ({ value: `e${i}`, timestamp: stamp })) });
  await producer.disconnect();
  await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: "0" }] });

  const config = {
    sources: [
      { id: "rmq", kind: "rabbitmq", name: "Rabbit", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() },
      { id: "kfk", kind: "kafka", name: "Kafka", brokers: kafkaBrokers() },
      { id: "gone", kind: "bullmq", name: "Gone Redis", redisUrl: `redis://127.0.0.1:${await deadPort()}` },
    ],
  };
  server = await startServer({ config, env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  api = new ApiClient(server.url);
  expect((await api.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await vhost.delete();
  await admin?.deleteGroups([group]).catch(() => undefined);
  await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin?.disconnect();
});

describe("GET /api/v1/attention", () => {
  it("ranks the source that is down first, then the queue with no consumer; lists the Kafka group's time behind", async () => {
    const a = await poll(
      "the down source, the idle queue and the group's lag in seconds",
      async () => {
        const r = await api.get("/api/v1/attention");
        expect(r.status).toBe(200);
        const body = r.json as AttentionDto;
        const g = body.behind.find((b) => b.name === group);
        const idle = body.items.some((i) => i.title === `${vhost.name}/invoices has no consumer`);
        return body.items.some((i) => i.source === "gone") && idle && g?.secondsBehind ? body : undefined;
      },
      60_000,
      500,
    );
    const down = a.items.findIndex((i) => i.source === "gone");
    const idle = a.items.findIndex((i) => i.title === `${vhost.name}/invoices has no consumer`);
    expect(a.items[down]).toMatchObject({ category: "source-down", severity: "critical", title: "Gone Redis is down", href: "/sources/gone" });
    expect(a.items[idle]).toMatchObject({ category: "no-consumer", source: "rmq", detail: "5 messages waiting and nobody consuming" });
    expect(down).toBeLessThan(idle);

    const g = a.behind.find((b) => b.name === group)!;
    expect(g).toMatchObject({ kind: "kafka", source: "kfk", backlog: 8, href: `/sources/kfk/groups/${encodeURIComponent(group)}` });
    // At least as old as the records, and not absurdly older.
    expect(g.secondsBehind).toBeGreaterThanOrEqual(AGE_MS / 1000);
    expect(g.secondsBehind).toBeLessThan(AGE_MS / 1000 + 120);
  });

  it("is for signed-in users only, and takes GET only", async () => {
    expect((await new ApiClient(server.url).get("/api/v1/attention")).status).toBe(401);
    const post = await api.post("/api/v1/attention", {});
    expect(post.status).toBe(405);
  });
});
