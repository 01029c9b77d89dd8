// Kafka: a private single-node broker is killed (SIGKILL) in the middle of a dead-letter topic
// replay of 20,000 records and started again. The source shows down, then up again, within 10 s
// each; the bystander source on the shared Redis stays up; the replay ends with an honest report;
// a second replay resumes from the checkpoint; and afterwards every dead letter is in its origin
// topic (nothing lost; duplicates counted, at most the replay's in-flight window).
import { Kafka, logLevel, type Admin } from "kafkajs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { KAFKA_REPLAY_IN_FLIGHT_WINDOW } from "@/lib/kafka-dead-letters";
import { BYSTANDER_ID, bystander, faultServer, report, type Bystander, type FaultServer } from "../support/fault-setup";
import { exactProducer, readTopic, waitForTopics } from "../support/kafka-topics";
import { privateKafka, type PrivateKafka } from "../support/private-brokers";
import { poll } from "../support/wait";

const COUNT = 20_000;
const DLT = "work.DLT";
const ORIGIN = "work";
let broker: PrivateKafka;
let by: Bystander;
let qd: FaultServer;
const client = () => new Kafka({ clientId: "qd-fault-test", brokers: broker.brokers(), logLevel: logLevel.NOTHING });

async function withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = client().admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

beforeAll(async () => {
  broker = await privateKafka();
  const kafka = client();
  await withAdmin(async (admin) => {
    await admin.createTopics({ waitForLeaders: false, topics: [DLT, ORIGIN].map((topic) => ({ topic, numPartitions: 3 })) });
    await waitForTopics(admin, [DLT, ORIGIN]);
  });
  const producer = exactProducer(kafka);
  await producer.connect();
  for (let i = 0; i < COUNT; i += 2000) {
    await producer.send({
      topic: DLT,
      acks: -1,
      messages: Array.from({ length: 2000 }, (_, j) => ({ partition: (i + j) % 3, key: `k${i + j}`, value: JSON.stringify({ n: i + j }), headers: { "kafka_dlt-original-topic": ORIGIN } })),
    });
  }
  await producer.disconnect();
  by = await bystander();
  qd = await faultServer([{ id: "kafka", kind: "kafka", name: "Private Kafka", brokers: broker.brokers() }, by.source]);
}, 180_000);

afterAll(async () => {
  await qd?.stop();
  await by?.cleanup();
  await broker?.dispose();
});

it("Kafka killed mid dead-letter replay: down and up within 10 s, bystander up, honest report, resumed, nothing lost", async () => {
  const { api, watch } = qd;
  await watch.seen("kafka", "up", 0);
  await watch.seen(BYSTANDER_ID, "up", 0);
  const replay = `/api/v1/sources/kafka/topics/${DLT}/replay`;

  const start = await api.post(replay, { ratePerSecond: 2000 });
  expect(start.status, `${JSON.stringify(start.json)}\n${qd.server.output().slice(-3000)}`).toBe(200);
  expect(start.json.total).toBe(COUNT);
  const op = `/api/v1/operations/${start.json.operationId}`;
  const before = await poll("replay under way", async () => {
    const v = (await api.get(op)).json;
    return v.done >= 3000 || v.status !== "running" ? v : undefined;
  }, 60_000, 20);
  expect(before.status, "the replay must still be running when Kafka goes").toBe("running");

  const killedAt = Date.now();
  await broker.stop("kill");
  const downAt = await watch.seen("kafka", "down", killedAt, 10_000);
  const final = await qd.finished(start.json.operationId, 60_000);
  await broker.start();
  const backAt = Date.now();
  const upAt = await watch.seen("kafka", "up", backAt, 10_000);

  // Honest: the replay stopped when the broker went away, and says so.
  expect(final.status).toBe("failed");
  expect(final.error).toMatch(/kafka|broker|connect|ECONNREFUSED|closed/i);
  expect(final.done).toBeGreaterThanOrEqual(before.done);
  expect(final.done).toBeLessThan(COUNT);

  // Run again: it resumes from the checkpoint of what was acknowledged, not from the start.
  const again = await poll("a replay accepted again", async () => {
    const r = await api.post(replay, {});
    return r.status === 200 ? r : undefined;
  }, 30_000, 500);
  // Its total is what lies past the checkpoint: at most the first run's unacknowledged tail again.
  const resumeFrom = COUNT - again.json.total;
  expect(resumeFrom).toBeGreaterThan(0);
  expect(resumeFrom).toBeLessThanOrEqual(final.done);
  expect(final.done - resumeFrom).toBeLessThanOrEqual(KAFKA_REPLAY_IN_FLIGHT_WINDOW);
  const second = await qd.finished(again.json.operationId, 90_000);
  expect(second.status, second.error).toBe("done");
  expect(second.done).toBe(again.json.total);

  // Nothing lost: every dead letter is in its origin; a copy produced but not yet checkpointed
  // when the broker died is there twice, at most the in-flight window of them.
  const back = await withAdmin((admin) => readTopic(client(), admin, ORIGIN, COUNT));
  const keys = new Set(back.map((r) => r.key));
  expect(keys.size).toBe(COUNT);
  for (let i = 0; i < COUNT; i += 997) expect(keys.has(`k${i}`)).toBe(true);
  const duplicates = back.length - keys.size;
  expect(duplicates).toBeLessThanOrEqual(KAFKA_REPLAY_IN_FLIGHT_WINDOW);

  expect(watch.notUp(BYSTANDER_ID)).toEqual([]);
  report("kafka", {
    records: COUNT,
    replayedBeforeKill: before.done,
    downAfterMs: downAt - killedAt,
    operationEndedAfterMs: Date.parse(final.finishedAt) - killedAt,
    kafkaRestartMs: broker.lastStartMs,
    upAfterMs: upAt - backAt,
    operation: final.status,
    replayedByFirstRun: final.done,
    error: final.error,
    secondRunResumedAt: resumeFrom,
    replayedBySecondRun: second.done,
    duplicates,
    slowestSourcesReadMs: watch.slowest(),
  });
});
