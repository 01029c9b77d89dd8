// Kafka for the contract battery: a topic of this run's own with messages on two partitions and a
// consumer group whose committed offsets leave a known lag. Topic and group go at the end.
import { expect } from "vitest";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { kafkaBrokers, runId } from "../brokers";
import { poll } from "../wait";
import { listItem, ok } from "./api";
import { DOWN_PORT, DOWN_SECRET, type Json, type KindFixture } from "./types";

const PER_PARTITION = 5;
/** Committed offsets (= next offset to read) per partition. */
const COMMITTED = [2, 3];
const LAG = COMMITTED.reduce((sum, offset) => sum + PER_PARTITION - offset, 0);

export function kafkaFixture(): KindFixture {
  const run = runId();
  // The adapter reads the first 1000 topics and groups by name, and benchmarks on the shared
  // broker may leave thousands of "qd..." groups behind: a leading "0" keeps ours in that window.
  const topic = `0-${run}.orders`;
  const group = `0-${run}-billing`;
  // Topic actions get topics of their own: the lag above stays exact.
  const origin = `0-${run}.payments`;
  const dlt = `0-${run}.payments.DLT`;
  const purgeable = `0-${run}.scratch`;
  const ourTopics = [topic, origin, dlt, purgeable];
  const kafka = new Kafka({ clientId: `qd-contract-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  let admin: Admin | undefined;

  /** The group's lag read straight from the broker, not through the adapter. */
  async function lagReadBack(): Promise<number> {
    const [committed] = await admin!.fetchOffsets({ groupId: group, topics: [topic] });
    const ends = await admin!.fetchTopicOffsets(topic);
    return committed!.partitions.reduce((sum, p) => sum + Number(ends.find((e) => e.partition === p.partition)!.high) - Number(p.offset), 0);
  }

  return {
    kind: "kafka",
    source: { id: "ct-kafka", kind: "kafka", name: "Contract Kafka", brokers: kafkaBrokers() },
    downSource: {
      id: "ct-kafka-down",
      kind: "kafka",
      name: "Contract Kafka (down)",
      brokers: [`127.0.0.1:${DOWN_PORT}`],
      sasl: { mechanism: "plain", username: "qd", password: DOWN_SECRET },
    },

    async setup() {
      admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: COMMITTED.length, replicationFactor: 1 }] });
      await admin.createTopics({ waitForLeaders: false, topics: [origin, dlt, purgeable].map((t) => ({ topic: t, numPartitions: 1 })) });
      // A busy broker may still say "does not host this topic-partition" right after creating it.
      await poll(`${topic} to serve offsets`, async () => ((await admin!.fetchTopicOffsets(topic)).length === COMMITTED.length ? true : undefined));
      for (const t of [origin, dlt, purgeable]) await poll(`${t} to serve offsets`, async () => ((await admin!.fetchTopicOffsets(t)).length === 1 ? true : undefined));
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic,
        messages: Array.from({ length: COMMITTED.length * PER_PARTITION }, (_, i) => ({ partition: i % COMMITTED.length, value: `order ${i}` })),
      });
      await producer.send({
        topic: dlt,
        messages: [1, 2].map((i) => ({
          key: `k${i}`,
          value: `failed payment ${i}`,
          headers: { "kafka_dlt-original-topic": origin, "kafka_dlt-exception-message": "card declined" },
        })),
      });
      await producer.send({ topic: purgeable, messages: [{ value: "a" }, { value: "b" }, { value: "c" }] });
      await producer.disconnect();
      // Offsets committed for a group with no member: a real group with lag, no consumer to keep alive.
      const partitions = COMMITTED.map((offset, partition) => ({ partition, offset: String(offset) }));
      await poll(`offsets committed for ${group}`, async () => {
        await admin!.setOffsets({ groupId: group, topic, partitions }); // idempotent: safe to repeat
        return true;
      });
    },

    async cleanup() {
      if (!admin) return;
      await admin.deleteGroups([group]).catch(() => undefined);
      await admin.deleteTopics({ topics: ourTopics }).catch(() => undefined);
      await admin.disconnect();
    },

    ours: (list, item) => (list === "groups" ? item.groupId === group : list === "dead-letters" ? item.topic === dlt : ourTopics.includes(item.name)),

    exercises: {
      // Dry run, then apply on the Empty group (no member: its commits came from setOffsets), read
      // back with kafkajs; then the commits are put back so the list exercise still sees LAG.
      async offsetReset(ctx) {
        const path = `${ctx.base}/groups/${encodeURIComponent(group)}`;
        const detail = await ctx.admin.get(path);
        expect(detail.status).toBe(200);
        expect(detail.json.partitions.map((p: any) => [p.partition, p.committed, p.lag])).toEqual(
          COMMITTED.map((offset, partition) => [partition, offset, PER_PARTITION - offset]),
        );
        const dry = await ctx.admin.post(`${path}/offsets`, { to: "earliest", topic, dryRun: true });
        expect(dry.status).toBe(200);
        expect(dry.json.partitions).toEqual(COMMITTED.map((offset, partition) => ({ topic, partition, current: offset, target: 0, lag: PER_PARTITION })));
        expect(await lagReadBack()).toBe(LAG);
        const applied = await ctx.admin.post(`${path}/offsets`, { to: { offset: 1 }, topic, partitions: [0] });
        expect(applied.status).toBe(200);
        const [read] = await admin!.fetchOffsets({ groupId: group, topics: [topic] });
        expect(read!.partitions.find((p) => p.partition === 0)!.offset).toBe("1");
        const back = await ctx.admin.post(`${path}/offsets`, { to: { offset: COMMITTED[0]! }, topic, partitions: [0] });
        expect(back.status).toBe(200);
        expect(await lagReadBack()).toBe(LAG);
      },
      async consumerGroups(ctx) {
        const g = await listItem(ctx, "groups", `group ${group} with lag ${LAG}`, (x) => x.groupId === group && x.lag === LAG);
        expect(g.topics).toEqual([topic]);
        expect(await lagReadBack()).toBe(LAG);
      },
      async topics(ctx) {
        const t = await listItem(ctx, "topics", `topic ${topic}`, (x) => x.name === topic);
        expect(t).toMatchObject({ partitions: COMMITTED.length, messages: COMMITTED.length * PER_PARTITION, replicationFactor: 1, underReplicated: 0 });
        const detail = await ok(ctx.admin.get(`${ctx.base}/topics/${topic}`), "topic detail");
        const ends = await admin!.fetchTopicOffsets(topic);
        expect(detail.partitions.map((p: Json) => p.latest)).toEqual(ends.sort((a, b) => a.partition - b.partition).map((e) => Number(e.high)));
        // The groups reading it come from the collector's snapshot: the offset reset exercise may
        // have moved this group's commits a tick ago, so wait for a snapshot taken after it.
        const groups = await poll(`topic page to show ${group} with lag ${LAG}`, async () => {
          const d = await ok(ctx.admin.get(`${ctx.base}/topics/${topic}`), "topic detail");
          const pairs = d.groups.map((g: Json) => [g.groupId, g.lag]);
          return pairs.length === 1 && pairs[0][1] === LAG ? pairs : undefined;
        });
        expect(groups).toEqual([[group, LAG]]);
        const page = await ok(ctx.admin.get(`${ctx.base}/topics/${topic}/messages?partition=1&offset=0&limit=2`), "browse");
        expect(page.messages.map((m: Json) => m.value.text)).toEqual(["order 1", "order 3"]);
      },
      async deadLetters(ctx) {
        const d = await listItem(ctx, "dead-letters", `dead-letter topic ${dlt}`, (x) => x.topic === dlt);
        expect(d).toMatchObject({ id: dlt, count: 2, origin, topExceptions: [{ message: "card declined", count: 2 }] });
      },
      async produce(ctx) {
        const r = await ok(ctx.admin.post(`${ctx.base}/topics/${purgeable}/messages`, { key: "new", value: "produced" }), "produce");
        expect(r).toEqual({ partition: 0, offset: 3 });
        const [end] = await admin!.fetchTopicOffsets(purgeable);
        expect(Number(end!.high)).toBe(4);
      },
      async topicPurge(ctx) {
        const before = Number((await admin!.fetchTopicOffsets(purgeable))[0]!.high);
        const r = await ok(ctx.admin.post(`${ctx.base}/topics/${purgeable}/purge`, {}), "purge");
        expect(r.deleted).toBe(before);
        const [after] = await admin!.fetchTopicOffsets(purgeable);
        expect([Number(after!.low), Number(after!.high)]).toEqual([before, before]);
      },
      async topicReplay(ctx) {
        const r = await ok(ctx.admin.post(`${ctx.base}/topics/${dlt}/replay`, {}), "replay");
        expect(r.total).toBe(2);
        await poll("replay finished", async () => ((await ok(ctx.admin.get(`/api/v1/operations/${r.operationId}`), "op")).status === "done" ? true : undefined));
        const [end] = await admin!.fetchTopicOffsets(origin);
        expect(Number(end!.high)).toBe(2);
      },
    },

    viewerAttempts: {
      offsetReset: async () => ({ method: "POST", path: `groups/${encodeURIComponent(group)}/offsets`, body: { to: "earliest", dryRun: true }, target: group }),
      produce: async () => ({ method: "POST", path: `topics/${purgeable}/messages`, body: { value: "x" }, target: purgeable }),
      topicPurge: async () => ({ method: "POST", path: `topics/${purgeable}/purge`, body: {}, target: purgeable }),
      topicReplay: async () => ({ method: "POST", path: `topics/${dlt}/replay`, body: {}, target: dlt }),
    },
  };
}
