import { Kafka, logLevel, type Admin, type Consumer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminLink, createKafka, dataRole } from "@/server/brokers/kafka/client";
import { readGroupDetail } from "@/server/brokers/kafka/group-detail";
import { LagClock } from "@/server/brokers/kafka/lag-seconds";
import { deleteGroup, resetGroupOffsets } from "@/server/brokers/kafka/offset-reset";
import { RawCluster } from "@/server/brokers/kafka/internal-cluster";
import { offsetResetSchema, type OffsetResetRequest } from "@/lib/kafka";
import { kafkaBrokers, runId } from "../support/brokers";
import { poll } from "../support/wait";

// Consumer-group engine of issue 8 against the real Kafka 4.1 broker. The broker is shared:
// everything here carries this run's prefix and is deleted at the end.
const run = runId();
const TOPIC = `${run}.payments`;
const GROUP = `${run}-ledger`;
const SIMPLE_GROUP = `${run}-simple`;
const PARTITIONS = 3;
const PER_PARTITION = 10;
/** Commits (next offset to read); partition 2 never commits. */
const COMMITS: Record<number, number> = { 0: 7, 1: 3 };
/** Record i of every partition was created at T0 + i s: ages are exact. */
const T0 = Date.now() - 600_000;
const tsOf = (offset: number) => T0 + offset * 1000;

const kafka = new Kafka({ clientId: `qd-test-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
const engineKafka = createKafka({ id: `t-${run}`.slice(0, 60), kind: "kafka", name: "test", brokers: kafkaBrokers() }, dataRole({
  id: "x", kind: "kafka", name: "x", brokers: kafkaBrokers(),
}));
const link = new AdminLink(engineKafka);
const raw = new RawCluster(engineKafka);
let admin: Admin;
let consumer: Consumer | null = null;

const req = (body: unknown): OffsetResetRequest => offsetResetSchema.parse(body);
const code = async (p: Promise<unknown>) => p.then(() => "resolved", (e: { code?: string }) => e.code ?? String(e));

async function committedReadBack(groupId = GROUP): Promise<Record<number, number>> {
  const [t] = await admin.fetchOffsets({ groupId, topics: [TOPIC] });
  return Object.fromEntries(t!.partitions.map((p) => [p.partition, Number(p.offset)]));
}

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: Array.from({ length: PARTITIONS * PER_PARTITION }, (_, i) => {
      const offset = Math.floor(i / PARTITIONS);
      return { partition: i % PARTITIONS, key: `k${i}`, value: `v${i}`, timestamp: String(tsOf(offset)) };
    }),
  });
  await producer.disconnect();

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
  await poll("the commits to be visible", async () => {
    const c2 = await committedReadBack();
    return c2[0] === 7 && c2[1] === 3 ? true : undefined;
  });
});

afterAll(async () => {
  await consumer?.disconnect().catch(() => undefined);
  await raw.close();
  await link.close();
  await admin.deleteGroups([GROUP, SIMPLE_GROUP]).catch(() => undefined);
  await admin.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await admin.disconnect();
});

describe("consumer group detail with lag in seconds (live group)", () => {
  it("reads members, per-partition offsets, lag and lag in seconds from the record at the committed offset", async () => {
    const clock = new LagClock(raw);
    const now = Date.now();
    const d = await readGroupDetail(link, GROUP, { clock, now });
    expect(d).toMatchObject({ groupId: GROUP, state: "Stable", protocolType: "consumer", topics: [TOPIC], lag: 3 + 7 });
    expect(d.members).toHaveLength(1);
    expect(d.members[0]!.clientId).toBe(`qd-test-${run}`);
    expect(d.members[0]!.host).toMatch(/\S/);
    expect(d.members[0]!.assignments).toEqual([{ topic: TOPIC, partitions: [0, 1, 2] }]);
    const age = (offset: number) => Math.round(now - tsOf(offset)) / 1000;
    expect(d.partitions).toEqual([
      { topic: TOPIC, partition: 0, committed: 7, end: 10, lag: 3, lagSeconds: age(7) },
      { topic: TOPIC, partition: 1, committed: 3, end: 10, lag: 7, lagSeconds: age(3) },
      { topic: TOPIC, partition: 2, committed: null, end: 10, lag: null, lagSeconds: null },
    ]);
    expect(d.lagSeconds).toBe(age(3));
    expect(clock.stats.fetched).toBe(2);

    // Next tick, offsets unchanged: nothing is fetched again.
    const again = await readGroupDetail(link, GROUP, { clock, now: now + 5000 });
    expect(clock.stats.fetched).toBe(2);
    expect(clock.stats.cached).toBe(2);
    expect(again.partitions[1]!.lagSeconds).toBe(age(3) + 5);
  });

  it("reads beyond its per-call budget on later calls, and says 0 for a partition that is not lagging", async () => {
    const clock = new LagClock(raw, { maxPartitionsPerCall: 1 });
    const parts = [
      { topic: TOPIC, partition: 0, committed: 2, end: 10 },
      { topic: TOPIC, partition: 1, committed: 6, end: 10 },
      { topic: TOPIC, partition: 2, committed: 10, end: 10 },
    ];
    const now = Date.now();
    const first = await clock.lagSeconds(parts, now);
    expect(first.filter((s) => s === null)).toHaveLength(1);
    expect(first[2]).toBe(0);
    expect(clock.stats.deferred).toBe(1);
    const second = await clock.lagSeconds(parts, now);
    expect(second).toEqual([Math.round(now - tsOf(2)) / 1000, Math.round(now - tsOf(6)) / 1000, 0]);
  });

  it("a commit older than retention is aged by the oldest record left (log start offset)", async () => {
    const clock = new LagClock(raw);
    const now = Date.now();
    const [s] = await clock.lagSeconds([{ topic: TOPIC, partition: 0, committed: 1, end: 10, low: 4 }], now);
    expect(s).toBe(Math.round(now - tsOf(4)) / 1000);
  });

  it("refuses to apply a reset or delete while a consumer is connected, but plans a dry run", async () => {
    expect(await code(resetGroupOffsets(link, raw, GROUP, req({ to: "earliest" })))).toBe("conflict");
    await expect(resetGroupOffsets(link, raw, GROUP, req({ to: "earliest" }))).rejects.toThrow(
      /it is Stable with 1 active member; stop its consumers first/,
    );
    expect(await code(deleteGroup(link, GROUP))).toBe("conflict");
    const dry = await resetGroupOffsets(link, raw, GROUP, req({ to: "earliest", dryRun: true }));
    expect(dry.partitions.map((r) => [r.partition, r.current, r.target, r.lag])).toEqual([[0, 7, 0, 10], [1, 3, 0, 10]]);
    expect(await committedReadBack()).toEqual({ 0: 7, 1: 3, 2: -1 });
  });

  it("the broker itself refuses a non-member commit to a group with members", async () => {
    await expect(raw.commit(GROUP, [{ topic: TOPIC, partition: 0, offset: 1 }])).rejects.toMatchObject({
      type: expect.stringMatching(/UNKNOWN_MEMBER_ID|ILLEGAL_GENERATION|REBALANCE_IN_PROGRESS/),
    });
    expect((await committedReadBack())[0]).toBe(7);
  });

  it("an unknown group is not_found", async () => {
    expect(await code(readGroupDetail(link, `${run}-nobody`))).toBe("not_found");
    expect(await code(deleteGroup(link, `${run}-nobody`))).toBe("not_found");
  });
});

describe("offset reset and delete (group stopped)", () => {
  beforeAll(async () => {
    await consumer!.disconnect();
    consumer = null;
    await poll("the group to be Empty", async () => ((await admin.describeGroups([GROUP])).groups[0]!.state === "Empty" ? true : undefined));
  });

  const dry = async (body: object) =>
    (await resetGroupOffsets(link, raw, GROUP, req({ ...body, dryRun: true }))).partitions.map((r) => [r.partition, r.current, r.target, r.lag]);

  it("dry-runs every kind of target and changes nothing", async () => {
    expect(await dry({ to: "earliest" })).toEqual([[0, 7, 0, 10], [1, 3, 0, 10]]);
    expect(await dry({ to: "latest", topic: TOPIC })).toEqual([[0, 7, 10, 0], [1, 3, 10, 0], [2, null, 10, 0]]);
    expect(await dry({ to: { timestamp: tsOf(5) }, topic: TOPIC })).toEqual([[0, 7, 5, 5], [1, 3, 5, 5], [2, null, 5, 5]]);
    expect(await dry({ to: { timestamp: new Date(tsOf(5) - 500).toISOString() }, topic: TOPIC, partitions: [2] })).toEqual([[2, null, 5, 5]]);
    expect(await dry({ to: { timestamp: Date.now() + 60_000 }, topic: TOPIC, partitions: [0] })).toEqual([[0, 7, 10, 0]]);
    expect(await dry({ to: { offset: 4 }, topic: TOPIC, partitions: [1] })).toEqual([[1, 3, 4, 6]]);
    expect(await dry({ to: { offset: 50 }, topic: TOPIC, partitions: [1] })).toEqual([[1, 3, 10, 0]]);
    expect(await dry({ to: { shiftBy: -2 } })).toEqual([[0, 7, 5, 5], [1, 3, 1, 9]]);
    expect(await dry({ to: { shiftBy: -5 } })).toEqual([[0, 7, 2, 8], [1, 3, 0, 10]]);
    expect(await code(resetGroupOffsets(link, raw, GROUP, req({ to: { shiftBy: 1 }, topic: TOPIC, dryRun: true })))).toBe("invalid");
    expect(await code(resetGroupOffsets(link, raw, GROUP, req({ to: "earliest", topic: `${run}.none`, dryRun: true })))).toBe("not_found");
    expect(await code(resetGroupOffsets(link, raw, GROUP, req({ to: "earliest", topic: TOPIC, partitions: [9], dryRun: true })))).toBe("invalid");
    expect(await committedReadBack()).toEqual({ 0: 7, 1: 3, 2: -1 });
  });

  it("applies a shift to the whole group and returns before and after, read back with fetchOffsets", async () => {
    const r = await resetGroupOffsets(link, raw, GROUP, req({ to: { shiftBy: -2 } }));
    expect(r.dryRun).toBe(false);
    expect(r.partitions.map((x) => [x.partition, x.current, x.target, x.lag])).toEqual([[0, 7, 5, 5], [1, 3, 1, 9]]);
    expect(r.before).toEqual([{ topic: TOPIC, partition: 0, offset: 7 }, { topic: TOPIC, partition: 1, offset: 3 }]);
    expect(r.after).toEqual([{ topic: TOPIC, partition: 0, offset: 5 }, { topic: TOPIC, partition: 1, offset: 1 }]);
    expect(await committedReadBack()).toEqual({ 0: 5, 1: 1, 2: -1 });
  });

  it("applies a timestamp to one topic (every partition, even one never committed)", async () => {
    await resetGroupOffsets(link, raw, GROUP, req({ to: { timestamp: tsOf(6) }, topic: TOPIC }));
    expect(await committedReadBack()).toEqual({ 0: 6, 1: 6, 2: 6 });
    const d = await readGroupDetail(link, GROUP);
    expect(d.state).toBe("Empty");
    expect(d.members).toEqual([]);
    expect(d.lag).toBe(12);
  });

  it("applies earliest, latest and an exact offset to chosen partitions", async () => {
    await resetGroupOffsets(link, raw, GROUP, req({ to: "earliest", topic: TOPIC, partitions: [0] }));
    await resetGroupOffsets(link, raw, GROUP, req({ to: "latest", topic: TOPIC, partitions: [1] }));
    await resetGroupOffsets(link, raw, GROUP, req({ to: { offset: 8 }, topic: TOPIC, partitions: [2] }));
    expect(await committedReadBack()).toEqual({ 0: 0, 1: 10, 2: 8 });
  });

  it("a group made only of commits (no consumer ever joined) reads and resets like any other", async () => {
    await raw.commit(SIMPLE_GROUP, [{ topic: TOPIC, partition: 1, offset: 4 }]);
    const d = await readGroupDetail(link, SIMPLE_GROUP, { clock: new LagClock(raw) });
    expect(d.partitions).toEqual([expect.objectContaining({ partition: 1, committed: 4, end: 10, lag: 6 })]);
    expect(d.partitions[0]!.lagSeconds).toBeGreaterThan(590);
    await resetGroupOffsets(link, raw, SIMPLE_GROUP, req({ to: { shiftBy: 3 } }));
    expect(await committedReadBack(SIMPLE_GROUP)).toMatchObject({ 1: 7 });
  });

  it("deletes an Empty group: it is gone from listGroups and its offsets with it", async () => {
    expect(await deleteGroup(link, GROUP)).toEqual({ groupId: GROUP, state: "Empty" });
    const { groups } = await admin.listGroups();
    expect(groups.some((g) => g.groupId === GROUP)).toBe(false);
    expect(await committedReadBack()).toEqual({ 0: -1, 1: -1, 2: -1 });
    expect(await code(readGroupDetail(link, GROUP))).toBe("not_found");
    expect(await code(deleteGroup(link, GROUP))).toBe("not_found");
  });
});
