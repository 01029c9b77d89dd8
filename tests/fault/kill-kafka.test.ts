// kill -9 of QueueDeck in the middle of a Kafka dead-letter replay of 20,000 records through the
// API: the checkpoint group holds at least what the operation reported, the operation shows as
// interrupted after the restart, the same replay again resumes from the checkpoint, and the
// origin topic ends with every record (duplicates at most the in-flight window).
import { Kafka, logLevel, type Admin } from "kafkajs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { KAFKA_REPLAY_SOURCE_HEADER } from "@/lib/kafka-dead-letters";
import { REPLAY_IN_FLIGHT_WINDOW } from "@/server/brokers/kafka/replay";
import { kafkaBrokers, runId } from "../support/brokers";
import { exactProducer, readTopic, waitForTopics } from "../support/kafka-topics";
import { finishedAudit, integrityCheck, kill, startSignedIn, waitOperation, type Killable } from "./kill-support";

const COUNT = 20_000;
const run = runId();
const DLT = `${run}.work.DLT`;
const ORIGIN = `${run}.work`;
const GROUP = `queuedeck-replay.${DLT}`;
const kafka = new Kafka({ clientId: `qd-kill-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
const config = { sources: [{ id: "kafka", kind: "kafka", name: "K", brokers: kafkaBrokers() }] };
let admin: Admin;
let k: Killable | undefined;

const checkpointed = async () =>
  (await admin.fetchOffsets({ groupId: GROUP, topics: [DLT] }))[0]!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: false, topics: [DLT, ORIGIN].map((topic) => ({ topic, numPartitions: 3 })) });
  await waitForTopics(admin, [DLT, ORIGIN]);
  const producer = exactProducer(kafka);
  await producer.connect();
  for (let i = 0; i < COUNT; i += 2000) {
    await producer.send({
      topic: DLT,
      acks: -1,
      messages: Array.from({ length: 2000 }, (_, j) => ({
        partition: (i + j) % 3,
        key: `k${i + j}`,
        value: JSON.stringify({ n: i + j }),
        headers: { "kafka_dlt-original-topic": ORIGIN, "kafka_dlt-exception-message": "boom" },
      })),
    });
  }
  await producer.disconnect();
}, 180_000);

afterAll(async () => {
  if (k) await kill(k);
  await admin.deleteGroups([GROUP]).catch(() => undefined);
  await admin.deleteTopics({ topics: [DLT, ORIGIN] }).catch(() => undefined);
  await admin.disconnect();
});

it("loses no record when QueueDeck is killed mid-replay, shows it interrupted, and a rerun resumes from the checkpoint", { timeout: 240_000 }, async () => {
  k = await startSignedIn(config);
  const path = `/api/v1/sources/kafka/topics/${encodeURIComponent(DLT)}/replay`;
  const start = await k.api.post(path, { ratePerSecond: 3000 });
  expect(start.status).toBe(200);
  expect(start.json.total).toBe(COUNT);
  const progressed = await waitOperation(k.api, start.json.operationId, "a few thousand replayed", (op) => op.done >= 4000);
  expect(progressed.status).toBe("running");
  await kill(k);
  const dataDir = k.server.dataDir;
  k = undefined;

  // Progress is committed only after Kafka acknowledged the copies: at least what was reported.
  const saved = await checkpointed();
  expect(saved).toBeGreaterThanOrEqual(progressed.done - REPLAY_IN_FLIGHT_WINDOW);
  expect(saved).toBeLessThan(COUNT);
  expect(integrityCheck(dataDir)).toBe("ok");

  k = await startSignedIn(config, dataDir);
  const found = (await k.api.get(`/api/v1/operations/${start.json.operationId}`)).json;
  expect(found).toMatchObject({ status: "interrupted", kind: "replay", total: COUNT });
  // Saved at most once a second, and only what Kafka acknowledged: behind the checkpoint, never ahead.
  expect(found.done).toBeGreaterThan(0);
  expect(found.done).toBeLessThanOrEqual(saved + REPLAY_IN_FLIGHT_WINDOW);
  expect(found.error).toContain("QueueDeck stopped while this ran");
  expect(found.error).toContain("start the same replay again to resume where it stopped");
  const [audited] = await finishedAudit(k.api, "topic.replay");
  expect(audited).toMatchObject({ outcome: "failed", params: { operationId: start.json.operationId, status: "interrupted" }, counts: { total: COUNT } });

  // The same replay again: only what the checkpoint does not cover.
  const rerun = await k.api.post(path, {});
  expect(rerun.status).toBe(200);
  const ended = await waitOperation(k.api, rerun.json.operationId, "rerun done", (op) => op.status !== "running", 120_000);
  expect(ended).toMatchObject({ status: "done", done: COUNT - saved, failed: 0 });
  expect(await checkpointed()).toBe(COUNT);

  const back = await readTopic(kafka, admin, ORIGIN, COUNT, 2000, 120_000);
  const unique = new Set(back.map((r) => r.headers[KAFKA_REPLAY_SOURCE_HEADER] as string));
  expect(unique.size).toBe(COUNT);
  const ns = new Set(back.map((r) => (JSON.parse(r.value!) as { n: number }).n));
  for (let n = 0; n < COUNT; n += 997) expect(ns.has(n)).toBe(true);
  const duplicates = back.length - unique.size;
  expect(duplicates).toBeLessThanOrEqual(REPLAY_IN_FLIGHT_WINDOW);
  console.log(`kafka kill -9 mid-replay (API): ${found.done} saved as done, ${saved} checkpointed, ${COUNT - saved} on the rerun, ${duplicates} duplicates (window ${REPLAY_IN_FLIGHT_WINDOW}), 0 lost`);
});
