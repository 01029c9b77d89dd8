// Issue 8 topics engine against the real Kafka 4.1 broker: topic detail, the message browser
// (exact offsets, no consumer group), produce, purge and dead-letter detection. Everything
// carries this run's prefix and is deleted afterwards; the broker is shared.
import { Kafka, logLevel, type Admin, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browseTopic } from "@/server/brokers/kafka/browse";
import { AdminLink } from "@/server/brokers/kafka/client";
import { readDeadLetterTopics } from "@/server/brokers/kafka/dead-letter-scan";
import { produceMessage } from "@/server/brokers/kafka/produce";
import { purgeTopic } from "@/server/brokers/kafka/purge";
import { readTopicDetail } from "@/server/brokers/kafka/topic-detail";
import { kafkaBrokers, runId } from "../support/brokers";
import { exactProducer, waitForTopics } from "../support/kafka-topics";

const run = runId();
const T = {
  orders: `${run}.orders`, // 3 partitions x 20 records, keys/headers/JSON
  big: `${run}.big`, // 1 partition, 20 records of 20 KiB + one of 100 KiB
  purge: `${run}.purge`,
  compacted: `${run}.compacted`,
  dlt: `${run}.orders.DLT`,
  hiddenDlt: `${run}.failures`, // not named like a DLT, but with Spring headers
};
const PER_PARTITION = 20;

const kafka = new Kafka({ clientId: `qd-k2-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
const link = new AdminLink(kafka);
let admin: Admin;
let producer: Producer;
let startedAt = 0;
let secondRoundAt = 0;

const problemOf = async (p: Promise<unknown>) => {
  const err = (await p.then(() => null, (e: unknown) => e)) as { code?: string; message?: string } | null;
  return err ? { code: err.code, message: err.message ?? "" } : null;
};

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  // waitForLeaders is flaky on a busy 4.1 broker (UNKNOWN_TOPIC_OR_PARTITION is not retried): poll instead.
  await admin.createTopics({
    waitForLeaders: false,
    topics: [
      { topic: T.orders, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: "retention.ms", value: "86400000" }] },
      { topic: T.big, numPartitions: 1 },
      { topic: T.purge, numPartitions: 2 },
      { topic: T.compacted, numPartitions: 1, configEntries: [{ name: "cleanup.policy", value: "compact" }] },
      { topic: T.dlt, numPartitions: 2 },
      { topic: T.hiddenDlt, numPartitions: 1 },
    ],
  });
  await waitForTopics(admin, Object.values(T));
  producer = exactProducer(kafka);
  await producer.connect();
  startedAt = Date.now();
  // Two rounds with a pause between them: the second half carries later timestamps.
  for (const round of [0, 1]) {
    await producer.send({
      topic: T.orders,
      acks: -1,
      messages: Array.from({ length: 3 * (PER_PARTITION / 2) }, (_, j) => {
        const i = round * 30 + j;
        return {
          partition: j % 3,
          key: `order-${i}`,
          value: JSON.stringify({ id: i, colour: i % 7 === 0 ? "red" : "blue" }),
          headers: { tenant: i % 2 === 0 ? "acme" : "globex", trace: [`a${i}`, `b${i}`] },
        };
      }),
    });
    if (round === 0) {
      await new Promise((r) => setTimeout(r, 1100));
      secondRoundAt = Date.now();
    }
  }
  await producer.send({
    topic: T.big,
    acks: -1,
    messages: [
      ...Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: Buffer.alloc(20 * 1024, 0x61 + (i % 20)) })),
      { key: Buffer.from([0xff, 0x00, 0x10]), value: Buffer.alloc(100 * 1024, 0x7a) },
    ],
  });
  await producer.send({ topic: T.purge, acks: -1, messages: Array.from({ length: 20 }, (_, i) => ({ partition: i % 2, value: `p${i}` })) });
  const spring = (i: number, origin: string) => ({
    "kafka_dlt-original-topic": origin,
    "kafka_dlt-exception-fqcn": "java.lang.IllegalStateException",
    "kafka_dlt-exception-message": i % 3 === 0 ? "price missing" : "customer unknown",
  });
  await producer.send({ topic: T.dlt, acks: -1, messages: Array.from({ length: 12 }, (_, i) => ({ partition: i % 2, key: `d${i}`, value: `{"id":${i}}`, headers: spring(i, T.orders) })) });
  await producer.send({ topic: T.hiddenDlt, acks: -1, messages: Array.from({ length: 3 }, (_, i) => ({ value: `x${i}`, headers: spring(0, T.orders) })) });
}, 120_000);

afterAll(async () => {
  await producer?.disconnect().catch(() => undefined);
  await link.close();
  await admin.deleteTopics({ topics: Object.values(T) }).catch(() => undefined);
  await admin.disconnect();
});

describe("topic detail", () => {
  it("lists partitions with leader, replicas, ISR and offsets, and the configs that matter", async () => {
    const d = await readTopicDetail(link, T.orders);
    expect(d.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    for (const p of d.partitions) {
      expect(p.leader).toBeGreaterThanOrEqual(0);
      expect(p.replicas).toEqual([p.leader]);
      expect(p.isr).toEqual([p.leader]);
      expect([p.earliest, p.latest]).toEqual([0, PER_PARTITION]);
    }
    expect(d.replicationFactor).toBe(1);
    expect(d.underReplicated).toBe(0);
    expect(d.messages).toBe(3 * PER_PARTITION);
    const config = (n: string) => d.configs.find((c) => c.name === n);
    expect(config("retention.ms")).toMatchObject({ value: "86400000", isDefault: false });
    expect(config("cleanup.policy")).toMatchObject({ value: "delete", isDefault: true });
    expect(config("min.insync.replicas")?.value).toMatch(/^\d+$/);
    expect(config("max.message.bytes")?.value).toMatch(/^\d+$/);
    expect(config("segment.ms")?.value).toMatch(/^\d+$/);
  });

  it("is not_found for an unknown topic", async () => {
    expect(await problemOf(readTopicDetail(link, `${run}.nope`))).toMatchObject({ code: "not_found" });
  });
});

describe("message browser", () => {
  it("reads one partition from an exact offset with key, JSON value and repeated headers decoded", async () => {
    const r = await browseTopic(kafka, T.orders, { partition: 1, offset: 4, limit: 3 });
    expect(r.messages.map((m) => [m.partition, m.offset])).toEqual([[1, 4], [1, 5], [1, 6]]);
    const m = r.messages[0]!;
    // Partition 1 got i = 1, 4, 7, ... (first round) then 31, 34, ...: offset 4 is i = 13.
    expect(m.key).toMatchObject({ encoding: "text", text: "order-13" });
    expect(m.value).toMatchObject({ encoding: "json", text: JSON.stringify({ id: 13, colour: "blue" }, null, 2) });
    expect(m.headers.map((h) => [h.name, h.value.text])).toEqual([["tenant", "globex"], ["trace", "a13"], ["trace", "b13"]]);
    expect(m.timestamp).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(r).toMatchObject({ scanned: 3, stoppedBy: "limit", partitions: [{ partition: 1, from: 4, to: 7, end: PER_PARTITION }] });
  });

  it("reads all partitions to the end, and the newest N", async () => {
    const all = await browseTopic(kafka, T.orders, { limit: 500 });
    expect(all.messages).toHaveLength(3 * PER_PARTITION);
    expect(all.stoppedBy).toBe("end");
    expect(all.partitions).toEqual([0, 1, 2].map((p) => ({ partition: p, from: 0, to: PER_PARTITION, end: PER_PARTITION })));
    expect(new Set(all.messages.map((m) => m.key!.text)).size).toBe(3 * PER_PARTITION);

    const newest = await browseTopic(kafka, T.orders, { newest: 2, limit: 4 });
    // Each partition's last 2 (offsets 18, 19), then the page keeps the 4 newest by time.
    expect(newest.scanned).toBe(6);
    expect(newest.messages).toHaveLength(4);
    expect(newest.messages.every((m) => m.offset >= 18)).toBe(true);
    expect(newest.stoppedBy).toBe("end");
  });

  it("starts at a timestamp and pages without gaps across partitions", async () => {
    const r = await browseTopic(kafka, T.orders, { timestamp: secondRoundAt, limit: 500 });
    expect(r.messages).toHaveLength(30);
    expect(r.messages.every((m) => (JSON.parse(m.value!.text) as { id: number }).id >= 30)).toBe(true);
    expect(r.partitions.map((p) => p.from)).toEqual([10, 10, 10]);

    // A page of 7 over 3 partitions, then the next page from each partition's `to`: 60 distinct records.
    const seen = new Set<string>();
    let starts = [0, 0, 0];
    for (let page = 0; page < 20 && seen.size < 60; page++) {
      const parts = await Promise.all(starts.map((offset, partition) => browseTopic(kafka, T.orders, { partition, offset, limit: 7 })));
      parts.forEach((p) => p.messages.forEach((m) => seen.add(`${m.partition}/${m.offset}`)));
      starts = parts.map((p) => p.partitions[0]!.to);
    }
    expect(seen.size).toBe(60);
  });

  it("filters by key, value substring and header, counting what it scanned", async () => {
    const byKey = await browseTopic(kafka, T.orders, { limit: 50, q: { key: "order-4" } });
    expect(byKey.messages.map((m) => m.key!.text).sort()).toEqual(["order-4", "order-40", "order-41", "order-42", "order-43", "order-44", "order-45", "order-46", "order-47", "order-48", "order-49"]);
    expect(byKey.scanned).toBe(60);
    const red = await browseTopic(kafka, T.orders, { limit: 50, q: { value: `"red"` } });
    expect(red.messages.map((m) => (JSON.parse(m.value!.text) as { id: number }).id).sort((a, b) => a - b)).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56]);
    const acme = await browseTopic(kafka, T.orders, { limit: 50, q: { header: "tenant=acme", value: `"red"` } });
    expect(acme.messages.map((m) => (JSON.parse(m.value!.text) as { id: number }).id).sort((a, b) => a - b)).toEqual([0, 14, 28, 42, 56]);
    expect((await browseTopic(kafka, T.orders, { limit: 50, q: { header: "trace=b57" } })).messages.map((m) => m.key!.text)).toEqual(["order-57"]);
  });

  it("stops at the byte budget, decodes binary and cuts at 64 KiB with the real size", async () => {
    const r = await browseTopic(kafka, T.big, { limit: 500, maxBytes: 100 * 1024 });
    expect(r.stoppedBy).toBe("bytes");
    expect(r.scanned).toBe(5); // 5 x ~20 KiB reach 100 KiB
    expect(r.partitions[0]).toMatchObject({ from: 0, to: 5, end: 21 });
    const last = (await browseTopic(kafka, T.big, { offset: 20, limit: 1 })).messages[0]!;
    expect(last.key).toMatchObject({ encoding: "binary", text: "ff0010", base64: "/wAQ", size: 3 });
    expect(last.value).toMatchObject({ encoding: "text", size: 100 * 1024, truncated: true });
    expect(last.value!.text).toHaveLength(64 * 1024);
  });

  it("never creates or joins a consumer group", async () => {
    const before = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    await browseTopic(kafka, T.orders, { limit: 10 });
    const after = (await admin.listGroups()).groups.map((g) => g.groupId);
    expect(after.filter((g) => !before.has(g) && (g.includes(run) || g.startsWith("queuedeck")))).toEqual([]);
  });

  it("answers not_found and invalid clearly", async () => {
    expect(await problemOf(browseTopic(kafka, `${run}.nope`, { limit: 1 }))).toMatchObject({ code: "not_found" });
    expect(await problemOf(browseTopic(kafka, T.orders, { partition: 9, limit: 1 }))).toMatchObject({ code: "invalid" });
  });
});

describe("produce", () => {
  it("sends key, value and headers with acks=all to a chosen partition and says where they landed", async () => {
    const at = await produceMessage(kafka, T.orders, { key: "manual-1", value: `{"manual":true}`, headers: { source: "queuedeck" }, partition: 2 });
    expect(at).toEqual({ partition: 2, offset: PER_PARTITION });
    const back = (await browseTopic(kafka, T.orders, { partition: 2, offset: PER_PARTITION, limit: 1 })).messages[0]!;
    expect(back.key!.text).toBe("manual-1");
    expect(back.value).toMatchObject({ encoding: "json" });
    expect(back.headers.map((h) => [h.name, h.value.text])).toEqual([["source", "queuedeck"]]);
    expect(await problemOf(produceMessage(kafka, T.orders, { value: "x", partition: 7 }))).toMatchObject({ code: "invalid" });
    expect(await problemOf(produceMessage(kafka, `${run}.nope`, { value: "x" }))).toMatchObject({ code: "not_found" });
  });
});

describe("purge", () => {
  it("deletes up to an offset per partition, then the whole topic, counting from the log start offsets", async () => {
    const some = await purgeTopic(link, T.purge, [{ partition: 0, offset: 4 }]);
    expect(some).toEqual({ partitions: [{ partition: 0, before: 0, after: 4, deleted: 4 }], deleted: 4 });
    const all = await purgeTopic(link, T.purge);
    expect(all).toEqual({
      partitions: [
        { partition: 0, before: 4, after: 10, deleted: 6 },
        { partition: 1, before: 0, after: 10, deleted: 10 },
      ],
      deleted: 16,
    });
    const offsets = await admin.fetchTopicOffsets(T.purge);
    expect(offsets.map((o) => [o.partition, o.low, o.high]).sort()).toEqual([[0, "10", "10"], [1, "10", "10"]]);
    expect(await problemOf(purgeTopic(link, T.purge, [{ partition: 1, offset: 99 }]))).toMatchObject({ code: "invalid" });
  });

  it("refuses a compacted topic with a clear conflict", async () => {
    const p = await problemOf(purgeTopic(link, T.compacted));
    expect(p?.code).toBe("conflict");
    expect(p?.message).toContain("cleanup.policy=compact");
  });
});

describe("dead-letter topics", () => {
  it("finds DLTs by name and by Spring headers, with count, oldest, origin and top exceptions", async () => {
    const { topics } = await readDeadLetterTopics(kafka, link, undefined, { topicFilter: (t) => t.startsWith(run) });
    const named = topics.find((t) => t.topic === T.dlt)!;
    expect(named).toMatchObject({ count: 12, origin: T.orders, detectedBy: ["name", "header"], sampled: 12 });
    expect(named.topExceptions).toEqual([{ message: "customer unknown", count: 8 }, { message: "price missing", count: 4 }]);
    expect(named.topReasons).toEqual([
      { signature: "customer unknown", example: "customer unknown", count: 8 },
      { signature: "price missing", example: "price missing", count: 4 },
    ]);
    expect(named.oldest).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(topics.find((t) => t.topic === T.hiddenDlt)).toMatchObject({ count: 3, origin: T.orders, detectedBy: ["header"] });
    expect(topics.find((t) => t.topic === T.orders)).toBeUndefined();
  });

  it("stops a scan at its budget, says how far it read, and resumes after the last topic it read", async () => {
    const only = { topicFilter: (t: string) => t.startsWith(run), concurrency: 1, budget: { records: 1 } };
    const first = await readDeadLetterTopics(kafka, link, undefined, only);
    // Named DLTs come first: the first one alone spends the budget.
    expect(first.progress).toMatchObject({ candidates: expect.arrayContaining([T.dlt, T.hiddenDlt]), read: [T.dlt], stoppedBy: "records" });
    expect(first.progress.records).toBeGreaterThanOrEqual(1);
    expect(first.topics.map((t) => t.topic)).toEqual([T.dlt]);
    const second = await readDeadLetterTopics(kafka, link, undefined, { ...only, resumeAfter: T.dlt });
    expect(second.progress.candidates.at(-1)).toBe(T.dlt); // wrapped around
    expect(second.progress.read[0]).toBe(second.progress.candidates[0]);
    expect(second.progress.read).not.toContain(T.dlt);
    const all = await readDeadLetterTopics(kafka, link, undefined, { topicFilter: only.topicFilter });
    expect(all.progress.stoppedBy).toBeNull();
    expect(all.progress.read).toEqual(all.progress.candidates);
  });
});
