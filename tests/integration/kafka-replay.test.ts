// Dead-letter replay on the real Kafka 4.1 broker: Spring-style dead letters back to their
// origin with key, value and headers, the loop guard, resuming from the checkpoint group,
// filtered and ranged replays to a chosen topic, cancel, and a kill -9 of a replaying process.
import { spawn } from "node:child_process";
import path from "node:path";
import { Kafka, logLevel, type Admin, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KAFKA_REPLAY_COUNT_HEADER, KAFKA_REPLAY_SOURCE_HEADER } from "@/lib/kafka-dead-letters";
import { prepareKafkaReplay, replayTopic, REPLAY_IN_FLIGHT_WINDOW, type ReplaySink } from "@/server/brokers/kafka/replay";
import { replayCheckpointGroup } from "@/server/brokers/kafka/replay-records";
import { kafkaBrokers, runId } from "../support/brokers";
import { exactProducer, readTopic, waitForTopics } from "../support/kafka-topics";
import { poll } from "../support/wait";

const run = runId();
const T = {
  dlt: `${run}.in.DLT`, // Spring-style dead letters; the name maps to `${run}.in`
  orders: `${run}.orders`, // the origin the headers name
  nameOrigin: `${run}.in`,
  retry: `${run}.retry`, // a chosen target
  slowDlt: `${run}.slow-dlq`,
  slowOrigin: `${run}.slow`,
  killDlt: `${run}.work.DLT`,
  killOrigin: `${run}.work`,
};
const KILL_COUNT = 20_000;

const kafka = new Kafka({ clientId: `qd-k2r-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
let admin: Admin;
let producer: Producer;

const sink = (signal = new AbortController().signal) => {
  const updates: { done?: number; total?: number; failed?: number; skipped?: number }[] = [];
  const s: ReplaySink & { updates: typeof updates } = { signal, updates, update: (p) => updates.push(p) };
  return s;
};
const committed = async (groupId: string, topic: string) =>
  Object.fromEntries((await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions.map((p) => [p.partition, Number(p.offset)]));

const spring = (origin: string, message: string) => ({
  "kafka_dlt-original-topic": origin,
  "kafka_dlt-original-partition": Buffer.from([0, 0, 0, 1]),
  "kafka_dlt-exception-fqcn": "java.lang.IllegalStateException",
  "kafka_dlt-exception-message": message,
});

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: false,
    topics: Object.values(T).map((topic) => ({ topic, numPartitions: topic === T.killDlt || topic === T.killOrigin ? 3 : 2 })),
  });
  await waitForTopics(admin, Object.values(T));
  producer = exactProducer(kafka);
  await producer.connect();
  await producer.send({
    topic: T.dlt,
    acks: -1,
    messages: [
      ...Array.from({ length: 6 }, (_, i) => ({
        partition: i % 2,
        key: `order-${i}`,
        value: JSON.stringify({ id: i }),
        headers: { ...spring(T.orders, i % 2 ? "price missing" : "customer unknown"), trace: ["t1", `t2-${i}`] },
      })),
      // No origin header: the name mapping (in.DLT -> in) decides.
      { partition: 0, key: "plain", value: "no headers" },
      // Loop guard (maxReplays 3): replayed 3 times so far -> replayed; 4 times -> skipped.
      { partition: 1, key: "thrice", value: "r3", headers: { ...spring(T.orders, "again"), [KAFKA_REPLAY_COUNT_HEADER]: "3" } },
      { partition: 1, key: "four-times", value: "r4", headers: { ...spring(T.orders, "again"), [KAFKA_REPLAY_COUNT_HEADER]: "4" } },
    ],
  });
  await producer.send({ topic: T.slowDlt, acks: -1, messages: Array.from({ length: 40 }, (_, i) => ({ partition: i % 2, key: `s${i}`, value: `slow ${i}` })) });
  for (let i = 0; i < KILL_COUNT; i += 2000) {
    await producer.send({
      topic: T.killDlt,
      acks: -1,
      messages: Array.from({ length: 2000 }, (_, j) => ({ partition: (i + j) % 3, key: `k${i + j}`, value: JSON.stringify({ n: i + j }), headers: spring(T.killOrigin, "boom") })),
    });
  }
}, 180_000);

afterAll(async () => {
  await producer?.disconnect().catch(() => undefined);
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.includes(run));
  await admin.deleteGroups(groups).catch(() => undefined);
  await admin.deleteTopics({ topics: Object.values(T) }).catch(() => undefined);
  await admin.disconnect();
});

describe("dead-letter replay", () => {
  it("sends Spring dead letters back to their origin with key, value, all headers and a replay count", async () => {
    const prepared = await prepareKafkaReplay(kafka, { topic: T.dlt });
    expect(prepared.total).toBe(9);
    expect(prepared.checkpointGroup).toBe(`queuedeck-replay.${T.dlt}`);
    expect(prepared.note).toContain(`${REPLAY_IN_FLIGHT_WINDOW} records twice`);
    const s = sink();
    const report = await prepared.run(s);
    expect(report).toMatchObject({ replayed: 8, skipped: 1, filtered: 0, failed: 0, cancelled: false, targets: { [T.orders]: 7, [T.nameOrigin]: 1 } });
    expect(s.updates.at(-1)).toEqual({ done: 8, total: 9, failed: 0, skipped: 1 });

    const back = await readTopic(kafka, admin, T.orders, 7);
    expect(back).toHaveLength(7);
    const order3 = back.find((r) => r.key === "order-3")!;
    expect(order3.value).toBe(JSON.stringify({ id: 3 }));
    expect(order3.headers).toMatchObject({
      "kafka_dlt-original-topic": T.orders,
      "kafka_dlt-exception-fqcn": "java.lang.IllegalStateException",
      "kafka_dlt-exception-message": "price missing",
      trace: ["t1", "t2-3"],
      [KAFKA_REPLAY_COUNT_HEADER]: "1",
    });
    expect(order3.headers["kafka_dlt-original-partition"]).toBe(Buffer.from([0, 0, 0, 1]).toString("utf8"));
    expect(order3.headers[KAFKA_REPLAY_SOURCE_HEADER]).toMatch(new RegExp(`^${T.dlt.replace(/\./g, "\\.")}/1/\\d+$`));
    expect(back.find((r) => r.key === "thrice")!.headers[KAFKA_REPLAY_COUNT_HEADER]).toBe("4");
    expect(back.find((r) => r.key === "four-times")).toBeUndefined();
    const plain = await readTopic(kafka, admin, T.nameOrigin, 1);
    expect(plain.map((r) => [r.key, r.value, r.headers[KAFKA_REPLAY_COUNT_HEADER]])).toEqual([["plain", "no headers", "1"]]);

    // The checkpoint group holds the end of every partition: a rerun has nothing left to do.
    const ends = Object.fromEntries((await admin.fetchTopicOffsets(T.dlt)).map((o) => [o.partition, Number(o.high)]));
    expect(await committed(prepared.checkpointGroup, T.dlt)).toEqual(ends);
    expect((await replayTopic(kafka, { topic: T.dlt }, sink())).replayed).toBe(0);

    // A new dead letter: the rerun takes only that one; restart takes everything again.
    await producer.send({ topic: T.dlt, acks: -1, messages: [{ partition: 0, key: "late", value: "late", headers: spring(T.orders, "late") }] });
    expect(await replayTopic(kafka, { topic: T.dlt }, sink())).toMatchObject({ replayed: 1, skipped: 0 });
    expect(await replayTopic(kafka, { topic: T.dlt, restart: true }, sink())).toMatchObject({ replayed: 9, skipped: 1 });
    expect(await readTopic(kafka, admin, T.orders, 7 + 1 + 8)).toHaveLength(16);
  });

  it("replays a filtered offset range to a chosen topic with its own checkpoint", async () => {
    const req = { topic: T.dlt, target: T.retry, partition: 1, from: { offset: 1 }, to: { offset: 3 }, q: { header: "kafka_dlt-exception-message=price" } };
    const report = await replayTopic(kafka, req, sink());
    // Partition 1 holds order-1, 3, 5, thrice, four-times at offsets 0..4: offsets 1, 2 are order-3 and order-5.
    expect(report).toMatchObject({ replayed: 2, filtered: 0, targets: { [T.retry]: 2 } });
    const back = await readTopic(kafka, admin, T.retry, 2);
    expect(back.map((r) => r.key).sort()).toEqual(["order-3", "order-5"]);
    const group = replayCheckpointGroup(req);
    expect(group).toMatch(new RegExp(`^queuedeck-replay\\.${T.dlt.replace(/\./g, "\\.")}\\.[0-9a-f]{12}$`));
    expect(await committed(group, T.dlt)).toEqual({ 0: -1, 1: 3 });
    await expect(replayTopic(kafka, { topic: T.dlt, target: T.dlt }, sink())).rejects.toMatchObject({ code: "invalid" });
    await expect(replayTopic(kafka, { topic: T.dlt, target: `${run}.nope` }, sink())).rejects.toMatchObject({ code: "not_found" });
  });

  it("keeps to the rate, stops on cancel with the checkpoint at what was acknowledged, and resumes without duplicates", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 1000);
    const first = await replayTopic(kafka, { topic: T.slowDlt, ratePerSecond: 10 }, sink(controller.signal));
    const elapsed = Date.now() - started;
    expect(first.cancelled).toBe(true);
    // 10 per second for ~1 s: a handful, never the whole 40.
    expect(first.replayed).toBeGreaterThanOrEqual(5);
    expect(first.replayed).toBeLessThanOrEqual(15);
    expect(elapsed).toBeLessThan(5000);
    const saved = await committed(`queuedeck-replay.${T.slowDlt}`, T.slowDlt);
    expect(Math.max(0, saved[0]!) + Math.max(0, saved[1]!)).toBe(first.replayed);
    const rest = await replayTopic(kafka, { topic: T.slowDlt }, sink());
    expect(first.replayed + rest.replayed).toBe(40);
    const back = await readTopic(kafka, admin, T.slowOrigin, 40);
    expect(new Set(back.map((r) => r.key)).size).toBe(40);
    expect(back).toHaveLength(40);
  });
});

describe("kill -9 mid-replay", () => {
  const child = (rate: number) => {
    const script = path.resolve(__dirname, "kafka-replay-child.ts");
    const p = spawn(process.execPath, ["--conditions", "react-server", "--import", "tsx", script, kafkaBrokers().join(","), T.killDlt, String(rate)], {
      cwd: path.resolve(__dirname, "../.."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const state = { done: 0, finished: "", stderr: "" };
    p.stdout.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.startsWith("progress ")) state.done = Number(line.slice(9));
        if (line.startsWith("finished ")) state.finished = line.slice(9);
      }
    });
    p.stderr.on("data", (chunk: Buffer) => (state.stderr += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => p.on("exit", (code) => resolve(code)));
    return { p, state, exited };
  };

  it("loses nothing and duplicates at most the in-flight window", { timeout: 240_000 }, async () => {
    const first = child(5000);
    await poll("the child replayed a few thousand", async () => {
      if (first.state.stderr) throw new Error(first.state.stderr);
      return first.state.done >= 4000 ? true : undefined;
    }, 60_000, 20);
    // Not right at a checkpoint: somewhere inside the next batch's produce / acknowledge / commit.
    await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 200)));
    first.p.kill("SIGKILL");
    expect(await first.exited).toBeNull();
    expect(first.state.finished).toBe("");
    const atKill = first.state.done;
    expect(atKill).toBeLessThan(KILL_COUNT);
    const saved = await committed(`queuedeck-replay.${T.killDlt}`, T.killDlt);
    const savedTotal = Object.values(saved).reduce((n, o) => n + Math.max(0, o), 0);
    expect(savedTotal).toBeGreaterThanOrEqual(atKill);
    expect(savedTotal).toBeLessThan(KILL_COUNT);

    const second = child(1_000_000);
    expect(await second.exited).toBe(0);
    const report = JSON.parse(second.state.finished) as { replayed: number };
    expect(report.replayed).toBe(KILL_COUNT - savedTotal);

    const back = await readTopic(kafka, admin, T.killOrigin, KILL_COUNT, 2000, 120_000);
    const sources = back.map((r) => r.headers[KAFKA_REPLAY_SOURCE_HEADER] as string);
    const unique = new Set(sources);
    expect(unique.size).toBe(KILL_COUNT);
    const ns = new Set(back.map((r) => (JSON.parse(r.value!) as { n: number }).n));
    for (let n = 0; n < KILL_COUNT; n += 997) expect(ns.has(n)).toBe(true);
    const duplicates = back.length - unique.size;
    expect(duplicates).toBeLessThanOrEqual(REPLAY_IN_FLIGHT_WINDOW);
    console.log(`kafka kill -9 mid-replay: ${atKill} reported done at the kill, ${savedTotal} checkpointed, ${report.replayed} on rerun, ${duplicates} duplicates (window ${REPLAY_IN_FLIGHT_WINDOW})`);
  });
});
