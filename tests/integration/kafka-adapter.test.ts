import net from "node:net";
import { Kafka, logLevel, type Admin, type Consumer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrokerAdapter, Sample } from "@/server/brokers/adapter";
import { createKafkaAdapter } from "@/server/brokers/kafka/adapter";
import type { KafkaGroupDto, KafkaTopicDto } from "@/lib/kafka";
import { PROBE_TIMEOUT_MS } from "@/server/brokers/timeout";
import { kafkaBrokers, runId } from "../support/brokers";
import { deadPort, poll } from "../support/wait";

// The Kafka broker is shared with other engineers and CI jobs: everything this file
// creates carries this run's prefix and is deleted at the end, and totals are only
// asserted as lower bounds.
const run = runId();
const TOPIC = `${run}.orders`;
const EMPTY_TOPIC = `${run}.empty`;
const GROUP = `${run}-billing`;
const PARTITIONS = 3;
const PER_PARTITION = 10;
/** Offsets the consumer commits (= next offset to read); partition 2 never commits. */
const COMMITS: Record<number, number> = { 0: 7, 1: 3 };
const EXPECTED_LAG = PER_PARTITION - 7 + (PER_PARTITION - 3);

const kafka = new Kafka({ clientId: `qd-test-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
let admin: Admin;
let consumer: Consumer | null = null;

const adapters: BrokerAdapter[] = [];
function adapter(brokers = kafkaBrokers(), extra: { sasl?: { mechanism: "plain"; username: string; password: string } } = {}) {
  const a = createKafkaAdapter({ id: `t-${run}`.slice(0, 60), kind: "kafka", name: "test", brokers, ...extra });
  adapters.push(a);
  return a;
}

const topicsOf = (s: Sample) => s.lists.topics as KafkaTopicDto[];
const groupsOf = (s: Sample) => s.lists.groups as KafkaGroupDto[];
const metric = (s: Sample, entity: string, name: string) =>
  s.metrics.find((m) => m.entity === entity && m.metric === name)?.value;

/** Lag computed independently of the adapter, straight from the admin API. */
async function lagReadBack(): Promise<number> {
  const [committed] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
  const ends = await admin.fetchTopicOffsets(TOPIC);
  let lag = 0;
  for (const p of committed!.partitions) {
    if (Number(p.offset) < 0) continue;
    lag += Number(ends.find((e) => e.partition === p.partition)!.high) - Number(p.offset);
  }
  return lag;
}

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1 },
      { topic: EMPTY_TOPIC, numPartitions: 1, replicationFactor: 1 },
    ],
  });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: Array.from({ length: PARTITIONS * PER_PARTITION }, (_, i) => ({
      partition: i % PARTITIONS,
      key: `order-${i}`,
      value: JSON.stringify({ id: i }),
    })),
  });
  await producer.disconnect();
});

afterAll(async () => {
  await consumer?.disconnect().catch(() => undefined);
  await Promise.all(adapters.map((a) => a.close()));
  await admin.deleteGroups([GROUP]).catch(() => undefined);
  await admin.deleteTopics({ topics: [TOPIC, EMPTY_TOPIC] }).catch(() => undefined);
  await admin.disconnect();
});

describe("Kafka adapter against a real broker", () => {
  it("reports up with a version inferred from ApiVersions", async () => {
    const h = await adapter().health();
    expect(h.status).toBe("up");
    expect(h.error).toBeUndefined();
    expect(h.version).toMatch(/^Kafka >= \d+\.\d+ \(inferred from ApiVersions\)$/);
  });

  it("samples topic sizes and a consumer group's exact lag", async () => {
    // A group that reads everything but commits only part of it.
    consumer = kafka.consumer({ groupId: GROUP, sessionTimeout: 10_000, heartbeatInterval: 1000 });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    const c = consumer;
    let seen = 0;
    await c.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        seen++;
        const next = Number(message.offset) + 1;
        const upTo = COMMITS[partition];
        if (upTo !== undefined && next <= upTo) await c.commitOffsets([{ topic, partition, offset: String(next) }]);
      },
    });
    await poll("the consumer to read every message", async () => (seen >= PARTITIONS * PER_PARTITION ? true : undefined));
    await poll("the commits to be visible", async () => ((await lagReadBack()) === EXPECTED_LAG ? true : undefined));

    const a = adapter();
    const s = await a.sample();
    expect(s.health.status).toBe("up");
    expect(s.health.degraded).toBeUndefined();

    // A rate needs two ticks: null on the first.
    expect(topicsOf(s).find((t) => t.name === TOPIC)).toEqual({ id: TOPIC, name: TOPIC, partitions: 3, messages: 30, replicationFactor: 1, underReplicated: 0, produceRate: null });
    expect(topicsOf(s).find((t) => t.name === EMPTY_TOPIC)).toEqual({ id: EMPTY_TOPIC, name: EMPTY_TOPIC, partitions: 1, messages: 0, replicationFactor: 1, underReplicated: 0, produceRate: null });
    expect(topicsOf(s).some((t) => t.name.startsWith("__"))).toBe(false);

    const g = groupsOf(s).find((x) => x.groupId === GROUP);
    expect(g).toMatchObject({
      id: GROUP,
      groupId: GROUP,
      state: "Stable",
      protocolType: "consumer",
      members: 1,
      lag: EXPECTED_LAG,
      topics: [TOPIC],
      // Partition 2 is assigned but has no commit: counted apart, not guessed into the lag.
      partitionsWithoutOffset: 1,
      consumeRate: null,
      timeToDrainSeconds: null,
    });
    // The records were written moments ago: the oldest unconsumed one is seconds old.
    expect(g!.lagSeconds).toEqual(expect.any(Number));
    expect(g!.lagSeconds!).toBeLessThan(600);
    expect(metric(s, `group:${GROUP}`, "lagSeconds")).toBe(g!.lagSeconds);
    expect(g!.lag).toBe(await lagReadBack());

    expect(metric(s, `topic:${TOPIC}`, "messages")).toBe(30);
    expect(metric(s, `group:${GROUP}`, "lag")).toBe(EXPECTED_LAG);
    expect(s.stats.topics).toBeGreaterThanOrEqual(2);
    expect(s.stats.partitions).toBeGreaterThanOrEqual(4);
    expect(s.stats.groups).toBeGreaterThanOrEqual(1);
    expect(s.stats.totalLag).toBeGreaterThanOrEqual(EXPECTED_LAG);

    // The consumer leaves and more messages arrive: the group is Empty, its lag grows.
    await c.disconnect();
    consumer = null;
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: TOPIC, messages: [0, 1, 2, 3].map((i) => ({ partition: 0, value: `late-${i}` })) });
    await producer.disconnect();

    const after = await poll("the group to be Empty", async () => {
      const x = await a.sample();
      return groupsOf(x).find((r) => r.groupId === GROUP)?.state === "Empty" ? x : undefined;
    });
    expect(topicsOf(after).find((t) => t.name === TOPIC)?.messages).toBe(34);
    expect(groupsOf(after).find((r) => r.groupId === GROUP)).toMatchObject({
      members: 0,
      lag: EXPECTED_LAG + 4,
      topics: [TOPIC],
      partitionsWithoutOffset: 0,
      // Nothing consumed since the last tick; 4 records written.
      consumeRate: 0,
      timeToDrainSeconds: null,
    });
    expect(topicsOf(after).find((t) => t.name === TOPIC)?.produceRate).toEqual(expect.any(Number));
    expect(metric(after, `group:${GROUP}`, "consumeRate")).toBe(0);
    expect(await lagReadBack()).toBe(EXPECTED_LAG + 4);
  });

  it("stays healthy after a topic it has read is deleted", async () => {
    // kafkajs keeps every topic it fetched offsets of in its later metadata requests; once
    // one was deleted, every listing failed and the source stayed degraded for good.
    const doomed = `${run}.doomed`;
    const doomedGroup = `${run}-doomed`;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: doomed, numPartitions: 2, replicationFactor: 1 }] });
    await admin.setOffsets({ groupId: doomedGroup, topic: doomed, partitions: [{ partition: 0, offset: "0" }] });
    const a = adapter();
    const before = await a.sample();
    expect(topicsOf(before).find((t) => t.name === doomed)).toMatchObject({ id: doomed, name: doomed, partitions: 2, messages: 0, replicationFactor: 1, underReplicated: 0 });
    expect(groupsOf(before).some((g) => g.groupId === doomedGroup)).toBe(true);

    await admin.deleteGroups([doomedGroup]);
    await admin.deleteTopics({ topics: [doomed] });
    await poll("the broker to forget the deleted topic", async () => {
      const { topics } = await admin.fetchTopicMetadata();
      return topics.some((t) => t.name === doomed) ? undefined : true;
    });
    // A new topic makes kafkajs refresh metadata for every topic it remembers.
    const fresh = `${run}.fresh`;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: fresh, numPartitions: 1, replicationFactor: 1 }] });
    try {
      // Every tick from the first one on: not degraded once, not even while recovering.
      for (let i = 0; i < 3; i++) {
        const s = await a.sample();
        expect(s.health.degraded).toBeUndefined();
        expect(topicsOf(s).some((t) => t.name === doomed)).toBe(false);
        expect(topicsOf(s).find((t) => t.name === fresh)).toMatchObject({ id: fresh, name: fresh, partitions: 1, messages: 0, replicationFactor: 1, underReplicated: 0 });
        expect(topicsOf(s).find((t) => t.name === TOPIC)?.partitions).toBe(3);
        expect(groupsOf(s).some((g) => g.groupId === doomedGroup)).toBe(false);
      }
    } finally {
      await admin.deleteTopics({ topics: [fresh] });
    }
  });

  it("reports down quickly, with the broker's error, where nothing listens", async () => {
    const port = await deadPort();
    const a = adapter([`127.0.0.1:${port}`]);
    const t0 = Date.now();
    const h = await a.health();
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(h.status).toBe("down");
    expect(h.error).toMatch(/ECONNREFUSED/);
    const s = await a.sample();
    expect(s.health.status).toBe("down");
    expect(s.lists).toEqual({});
  });

  it("stays up when only the first seed broker in the list is dead", async () => {
    const h = await adapter([`127.0.0.1:${await deadPort()}`, ...kafkaBrokers()]).health();
    expect(h).toMatchObject({ status: "up" });
    expect(h.version).toMatch(/^Kafka >= /);
  });

  it("reports down within the probe budget on a port that accepts but never answers", async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((sock) => void sockets.add(sock));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const a = adapter([`127.0.0.1:${(silent.address() as net.AddressInfo).port}`]);
      const t0 = Date.now();
      const h = await a.health();
      expect(Date.now() - t0).toBeLessThan(PROBE_TIMEOUT_MS + 500);
      expect(h.status).toBe("down");
      expect(h.error).toMatch(/timed out/);
    } finally {
      for (const sock of sockets) sock.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it("keeps credentials out of the error text", async () => {
    const password = `pw-${run}`;
    // The PLAINTEXT listener rejects the SASL handshake: a real broker error, not ours.
    const h = await adapter(kafkaBrokers(), { sasl: { mechanism: "plain", username: "qd", password } }).health();
    expect(h.status).toBe("down");
    expect(h.error).toBeTruthy();
    expect(h.error).not.toContain(password);
  });
});
