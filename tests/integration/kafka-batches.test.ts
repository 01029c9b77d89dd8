import { Kafka, logLevel, type Admin, type Consumer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminLink, createKafka, dataRole } from "@/server/brokers/kafka/client";
import { ClusterBatches } from "@/server/brokers/kafka/cluster-batches";
import { RawCluster } from "@/server/brokers/kafka/internal-cluster";
import { readListing } from "@/server/brokers/kafka/read";
import { kafkaBrokers, runId } from "../support/brokers";
import { poll } from "../support/wait";

// The collector's batched reads (cluster-batches.ts: FindCoordinator v4, DescribeGroups v5 and
// OffsetFetch v8 for many groups per request, ListOffsets v6 for many topics) against the real
// Kafka 4.1 broker, checked against what kafkajs's admin reads one group or topic at a time.
// The broker is shared: everything here carries this run's prefix and is deleted at the end.
const run = runId();
const TOPICS = [`${run}.a`, `${run}.b`];
const PARTITIONS = 3;
const LIVE = `${run}-live`;
const SIMPLE = Array.from({ length: 5 }, (_, i) => `${run}-s${i}`);
const NONE = `${run}-none`;

const kafka = new Kafka({ clientId: `qd-test-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
const config = { id: `t-${run}`.slice(0, 60), kind: "kafka" as const, name: "test", brokers: kafkaBrokers() };
const engine = createKafka(config, dataRole(config));
const link = new AdminLink(engine);
const raw = new RawCluster(engine);
const rawForBatches = new RawCluster(engine);
let admin: Admin;
let consumer: Consumer | null = null;
const opts = { maxTopics: 100_000, maxGroups: 100_000, concurrency: 4, text: (e: unknown) => String(e) };

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: TOPICS.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })) });
  const producer = kafka.producer();
  await producer.connect();
  for (const [n, topic] of TOPICS.entries()) {
    await producer.send({ topic, messages: Array.from({ length: PARTITIONS * (n + 4) }, (_, i) => ({ partition: i % PARTITIONS, value: `v${i}` })) });
  }
  await producer.disconnect();
  for (const [i, group] of SIMPLE.entries()) {
    await raw.commit(group, [{ topic: TOPICS[i % 2]!, partition: 0, offset: i }, { topic: TOPICS[i % 2]!, partition: 2, offset: 1 }]);
  }
  consumer = kafka.consumer({ groupId: LIVE, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS[0]!, fromBeginning: true });
  const c = consumer;
  await c.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      if (partition === 1 && message.offset === "1") await c.commitOffsets([{ topic, partition, offset: "2" }]);
    },
  });
  await poll("the live group's commit", async () => {
    const [t] = await admin.fetchOffsets({ groupId: LIVE, topics: [TOPICS[0]!] });
    return t?.partitions.find((p) => p.partition === 1)?.offset === "2" ? true : undefined;
  });
});

afterAll(async () => {
  await consumer?.disconnect().catch(() => undefined);
  await Promise.all([raw.close(), rawForBatches.close(), link.close()]);
  await admin.deleteGroups([LIVE, ...SIMPLE]).catch(() => undefined);
  await admin.deleteTopics({ topics: TOPICS }).catch(() => undefined);
  await admin.disconnect();
});

/** kafkajs admin's committed offsets of one group, as sorted [topic, partition, offset] rows. */
async function adminCommits(groupId: string): Promise<[string, number, number][]> {
  const topics = await admin.fetchOffsets({ groupId });
  return topics.flatMap((t) => t.partitions.filter((p) => Number(p.offset) >= 0).map((p): [string, number, number] => [t.topic, p.partition, Number(p.offset)])).sort();
}

describe("batched reads of groups and topics", () => {
  it("the broker speaks every batched version", async () => {
    expect(await new ClusterBatches(rawForBatches).usable()).toBe(true);
  });

  it("describes groups and fetches their offsets many per request, as kafkajs's admin reads them one by one", async () => {
    const ids = [LIVE, ...SIMPLE, NONE];
    const reads = await new ClusterBatches(rawForBatches).readGroups(ids, 2);
    const { groups: described } = await admin.describeGroups(ids);
    for (const id of ids) {
      const mine = reads.described.get(id);
      const theirs = described.find((g) => g.groupId === id)!;
      if (mine instanceof Error || mine === undefined) throw new Error(`${id}: ${String(mine)}`);
      expect({ state: mine.state, protocolType: mine.protocolType, members: mine.members.map((m) => m.memberAssignment) }).toEqual({
        state: theirs.state, protocolType: theirs.protocolType, members: theirs.members.map((m) => m.memberAssignment),
      });
      const committed = reads.committed.get(id);
      if (committed instanceof Error || committed === undefined) throw new Error(`${id}: ${String(committed)}`);
      const rows = committed.flatMap((t) => t.partitions.filter((p) => Number(p.offset) >= 0).map((p): [string, number, number] => [t.topic, p.partition, Number(p.offset)])).sort();
      expect(rows).toEqual(await adminCommits(id));
    }
    expect(reads.described.get(LIVE)).toMatchObject({ state: "Stable", protocolType: "consumer", members: [expect.anything()] });
    expect(reads.described.get(NONE)).toMatchObject({ state: "Dead", members: [] });
    expect(reads.committed.get(SIMPLE[3]!)).toEqual([
      { topic: TOPICS[1], partitions: expect.arrayContaining([{ partition: 0, offset: 3, errorCode: 0 }, { partition: 2, offset: 1, errorCode: 0 }]) },
    ]);
  });

  it("finds a group again in the same read when its remembered coordinator cannot be asked", async () => {
    const coordinators = new Map([[SIMPLE[0]!, 4242], [SIMPLE[1]!, 4242]]);
    const reads = await new ClusterBatches(rawForBatches, coordinators).readGroups(SIMPLE, 2);
    expect([...reads.committed.values()].filter((c) => c instanceof Error)).toEqual([]);
    expect(reads.committed.get(SIMPLE[1]!)).toEqual([{ topic: TOPICS[1], partitions: expect.arrayContaining([{ partition: 0, offset: 1, errorCode: 0 }]) }]);
    expect(coordinators.get(SIMPLE[0]!)).not.toBe(4242);
    expect(coordinators.size).toBe(SIMPLE.length);
  });

  it("reads start and end offsets of many topics with two ListOffsets per leader, as fetchTopicOffsets does", async () => {
    const { topics } = await admin.fetchTopicMetadata({ topics: TOPICS });
    const offsets = await new ClusterBatches(rawForBatches).endOffsets(topics);
    for (const topic of TOPICS) {
      const theirs = (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, low: Number(p.low), high: Number(p.high) }));
      expect(offsets.get(topic)).toEqual(theirs.sort((a, b) => a.partition - b.partition));
    }
    expect(offsets.get(TOPICS[1]!)).toEqual([0, 1, 2].map((partition) => ({ partition, low: 0, high: 5 })));
  });

  it("readListing gives the same topic and group rows with and without batches", async () => {
    const batches = new ClusterBatches(rawForBatches);
    const mine = (l: Awaited<ReturnType<typeof readListing>>) => ({
      topics: l.topics.filter((t) => t.name.startsWith(run)),
      groups: l.groups.filter((g) => g.id.startsWith(run)),
      committed: [...l.committed].filter(([id]) => id.startsWith(run)).map(([id, parts]) => [id, [...parts].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)]),
    });
    const [batched, plain] = [await readListing(link, opts, batches), await readListing(link, opts, null)];
    expect(mine(batched)).toEqual(mine(plain));
    expect(mine(batched).groups.find((g) => g.id === LIVE)).toMatchObject({ state: "Stable", members: 1, topics: [TOPICS[0]], lag: 4 - 2, partitionsWithoutOffset: 2 });
    expect(mine(batched).groups).toHaveLength(1 + SIMPLE.length);
  });
});
