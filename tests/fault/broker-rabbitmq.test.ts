// RabbitMQ: a private node is killed (SIGKILL) in the middle of a replay of 10,000 persistent
// dead letters from a durable DLQ back to their durable origin queue, and started again. The
// source shows down, then up again, within 10 s each; the bystander source on the shared Redis
// stays up; the replay ends failed with an error that says the broker went away; the same replay
// run again finishes; and afterwards every message id is in the origin queue (nothing lost;
// duplicates counted: RabbitMQ writes acks of persistent messages lazily, so after a kill -9 the
// messages moved before it are mostly still in the DLQ as well).
import { connect, type ChannelModel } from "amqplib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queueIdOf } from "@/lib/rabbitmq";
import { BYSTANDER_ID, bystander, faultServer, report, type Bystander, type FaultServer } from "../support/fault-setup";
import { privateRabbit, type PrivateRabbit } from "../support/private-brokers";
import { poll } from "../support/wait";

const COUNT = 10_000;
const DLQ = "work.dlq";
const ORIGIN = "work";
let rabbit: PrivateRabbit;
let by: Bystander;
let qd: FaultServer;

async function withConnection<T>(fn: (c: ChannelModel) => Promise<T>): Promise<T> {
  const c = await connect(rabbit.amqpUrl());
  c.on("error", () => undefined);
  try {
    return await fn(c);
  } finally {
    await c.close().catch(() => undefined);
  }
}

const depth = (queue: string) =>
  withConnection(async (c) => {
    const ch = await c.createChannel();
    return (await ch.checkQueue(queue)).messageCount;
  });

/** Every message id of a queue, consumed and acked. */
const drainIds = (queue: string, expected: number) =>
  withConnection(async (c) => {
    const ch = await c.createChannel();
    await ch.prefetch(1000);
    const ids: string[] = [];
    if (expected > 0) {
      await new Promise<void>((resolve) => {
        void ch.consume(queue, (m) => {
          if (!m) return;
          ids.push(m.properties.messageId as string);
          ch.ack(m);
          if (ids.length >= expected) resolve();
        });
      });
    }
    await ch.close();
    return ids;
  });

beforeAll(async () => {
  rabbit = await privateRabbit();
  await withConnection(async (c) => {
    const ch = await c.createConfirmChannel();
    await ch.assertQueue(DLQ, { durable: true });
    await ch.assertQueue(ORIGIN, { durable: true, arguments: { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": DLQ } });
    // Real dead letters: a per-message TTL of 0 makes the broker dead-letter each one at once.
    for (let i = 0; i < COUNT; i++) ch.sendToQueue(ORIGIN, Buffer.from(JSON.stringify({ n: i })), { persistent: true, expiration: "0", messageId: `m-${i}` });
    await ch.waitForConfirms();
  });
  await poll(`${COUNT} dead letters`, async () => ((await depth(DLQ)) === COUNT ? true : undefined), 60_000);
  by = await bystander();
  qd = await faultServer([{ id: "rabbit", kind: "rabbitmq", name: "Private RabbitMQ", amqpUrl: rabbit.amqpUrl(), managementUrl: rabbit.managementUrl() }, by.source]);
}, 180_000);

afterAll(async () => {
  await qd?.stop();
  await by?.cleanup();
  await rabbit?.dispose();
});

it("RabbitMQ killed mid replay: down and up within 10 s, bystander up, honest report, nothing lost", async () => {
  const { api, watch } = qd;
  await watch.seen("rabbit", "up", 0);
  await watch.seen(BYSTANDER_ID, "up", 0);

  const start = await api.post(`/api/v1/sources/rabbit/queues/${queueIdOf("/", DLQ)}/replay`, { mode: "origin-queue", ratePerSecond: 2000 });
  expect(start.status).toBe(200);
  expect(start.json.total).toBe(COUNT);
  const op = `/api/v1/operations/${start.json.operationId}`;
  const before = await poll("replay under way", async () => {
    const v = (await api.get(op)).json;
    return v.done >= 2000 || v.status !== "running" ? v : undefined;
  }, 30_000, 20);
  expect(before.status, "the replay must still be running when RabbitMQ goes").toBe("running");

  const killedAt = Date.now();
  await rabbit.stop("kill");
  const downAt = await watch.seen("rabbit", "down", killedAt, 10_000);
  const final = await qd.finished(start.json.operationId, 20_000);
  await rabbit.start();
  const backAt = Date.now();
  const upAt = await watch.seen("rabbit", "up", backAt, 10_000);

  // Honest: the replay stopped when the broker went away, and says so.
  expect(final.status).toBe("failed");
  expect(final.error).toMatch(/^RabbitMQ closed the (source|publishing) channel/);
  expect(final.done).toBeGreaterThanOrEqual(before.done);
  expect(final.done).toBeLessThan(COUNT);

  // Nothing lost: every id is in the DLQ or back in its origin queue. A copy confirmed but not
  // yet acked, or acked but the ack not yet on disk when the broker was killed, exists twice.
  const [left, back] = [await depth(DLQ), await depth(ORIGIN)];
  expect(left + back).toBeGreaterThanOrEqual(COUNT);

  // The same replay again, on the broker that came back: it takes what is left, to the end.
  const again = await poll("a replay accepted again", async () => {
    const r = await api.post(`/api/v1/sources/rabbit/queues/${queueIdOf("/", DLQ)}/replay`, { mode: "origin-queue" });
    return r.status === 200 ? r : undefined;
  }, 30_000, 500);
  expect(again.json.total).toBe(left);
  const second = await qd.finished(again.json.operationId, 60_000);
  expect(second.status, second.error).toBe("done");
  expect(second.done).toBe(left);
  expect(await depth(DLQ)).toBe(0);
  const ids = await drainIds(ORIGIN, back + left);
  const unique = new Set(ids);
  expect(unique.size).toBe(COUNT);
  for (let i = 0; i < COUNT; i += 499) expect(unique.has(`m-${i}`)).toBe(true);
  const duplicates = ids.length - unique.size;

  expect(watch.notUp(BYSTANDER_ID)).toEqual([]);
  report("rabbitmq", {
    messages: COUNT,
    movedBeforeKill: before.done,
    downAfterMs: downAt - killedAt,
    operationEndedAfterMs: Date.parse(final.finishedAt) - killedAt,
    rabbitRestartMs: rabbit.lastStartMs,
    upAfterMs: upAt - backAt,
    operation: final.status,
    moved: final.done,
    error: final.error,
    inDlqAfterRestart: left,
    inOriginAfterRestart: back,
    movedBySecondRun: second.done,
    duplicates,
    slowestSourcesReadMs: watch.slowest(),
  });
});
