// Kafka consumer groups over HTTP on a real QueueDeck server (next start) and the real Kafka 4.1
// broker: the group detail (lag, lag in seconds from records with known timestamps), collector
// rows and series, offset reset (dry run, apply read back with kafkajs, 409 while a consumer is
// connected), delete, roles and audit. Everything carries this run's prefix and goes at the end.
import { Kafka, logLevel, type Admin, type Consumer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaBrokers, runId } from "../support/brokers";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";

const ADMIN_PASSWORD = "admin-password-for-kafka-groups";
const run = runId();
// A leading "0" keeps ours inside the adapter's window on a broker shared with benchmarks.
const TOPIC = `0-${run}.invoices`;
const GROUP = `0-${run}-billing`;
const PARTITIONS = 2;
const PER_PARTITION = 10;
/** Record at offset i of every partition was created at T0 + i s: ages are exact. */
const T0 = Date.now() - 3_600_000;
const tsOf = (offset: number) => T0 + offset * 1000;
/** The consumer commits these (next offset to read) and stays connected until the 409 test is done. */
const COMMITS = [4, 6];
const S = "/api/v1/sources/kafka";
const G = `${S}/groups/${encodeURIComponent(GROUP)}`;

const kafka = new Kafka({ clientId: `qd-api-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
let admin: Admin;
let consumer: Consumer | null = null;
let server: RunningServer;
let api: ApiClient;
let viewer: ApiClient;
let operator: ApiClient;

async function committed(): Promise<number[]> {
  const [t] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
  return [...t!.partitions].sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
}
const audit = async (action: string) => (await api.get(`/api/v1/audit?source=kafka&action=${action}&limit=20`)).json.items as any[];

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  await poll(`${TOPIC} to serve offsets`, async () => ((await admin.fetchTopicOffsets(TOPIC)).length === PARTITIONS ? true : undefined));
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: Array.from({ length: PARTITIONS * PER_PARTITION }, (_, i) => ({
      partition: i % PARTITIONS, value: `invoice ${i}`, timestamp: String(tsOf(Math.floor(i / PARTITIONS))),
    })),
  });
  await producer.disconnect();

  consumer = kafka.consumer({ groupId: GROUP, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  const c = consumer;
  await c.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const next = Number(message.offset) + 1;
      if (next <= COMMITS[partition]!) await c.commitOffsets([{ topic, partition, offset: String(next) }]);
    },
  });
  await poll("the consumer's commits", async () => ((await committed()).join() === COMMITS.join() ? true : undefined), 60_000);

  server = await startServer({
    config: { sources: [{ id: "kafka", kind: "kafka", name: "Kafka", brokers: kafkaBrokers() }] },
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  api = new ApiClient(server.url);
  expect((await api.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
  for (const [name, role] of [["vera", "viewer"], ["otto", "operator"]] as const) {
    expect((await api.post("/api/v1/users", { username: name, password: `${role}-password-1`, role })).status).toBe(201);
  }
  viewer = new ApiClient(server.url);
  expect((await viewer.post("/api/v1/session", { username: "vera", password: "viewer-password-1" })).status).toBe(200);
  operator = new ApiClient(server.url);
  expect((await operator.post("/api/v1/session", { username: "otto", password: "operator-password-1" })).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await consumer?.disconnect().catch(() => undefined);
  await server?.stop();
  await admin?.deleteGroups([GROUP]).catch(() => undefined);
  await admin?.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await admin?.disconnect();
});

describe("group detail and the collector's rows", () => {
  it("serves members and per-partition committed, end, lag and lag in seconds", async () => {
    const before = Date.now();
    const r = await viewer.get(G);
    const after = Date.now();
    expect(r.status).toBe(200);
    const d = r.json;
    expect(d).toMatchObject({ groupId: GROUP, state: "Stable", topics: [TOPIC], lag: 6 + 4 });
    expect(d.members).toHaveLength(1);
    expect(d.members[0].clientId).toBe(`qd-api-${run}`);
    expect(d.members[0].assignments).toEqual([{ topic: TOPIC, partitions: [0, 1] }]);
    expect(d.partitions.map((p: any) => ({ ...p, lagSeconds: undefined }))).toEqual([
      { topic: TOPIC, partition: 0, committed: 4, end: 10, lag: 6, lagSeconds: undefined },
      { topic: TOPIC, partition: 1, committed: 6, end: 10, lag: 4, lagSeconds: undefined },
    ]);
    // now minus the timestamp of the record at the committed offset, read on the server in [before, after].
    d.partitions.forEach((p: any, i: number) => {
      const ts = tsOf(COMMITS[i]!);
      expect(p.lagSeconds).toBeGreaterThanOrEqual((before - ts) / 1000 - 1);
      expect(p.lagSeconds).toBeLessThanOrEqual((after - ts) / 1000 + 1);
    });
    expect(d.lagSeconds).toBe(Math.max(...d.partitions.map((p: any) => p.lagSeconds)));
    expect(d).toHaveProperty("consumeRate");
    expect(d).toHaveProperty("timeToDrainSeconds");
  });

  it("a group nobody knows is a 404 naming it", async () => {
    const r = await viewer.get(`${S}/groups/${run}-nobody`);
    expect(r.status).toBe(404);
    expect(r.json.error.message).toContain(`${run}-nobody`);
  });

  it("lists the group with lag in seconds, consume rate and series of lag, lagSeconds and consumeRate", async () => {
    const row = await poll("the group row with lag in seconds and a consume rate", async () => {
      const g = ((await viewer.get(`${S}/groups`)).json.items as any[]).find((x) => x.id === GROUP);
      return g && g.lagSeconds !== null && g.consumeRate !== null ? g : undefined;
    }, 60_000);
    expect(row).toMatchObject({ lag: 10, consumeRate: 0, timeToDrainSeconds: null, topics: [TOPIC] });
    expect(row.lagSeconds).toBeGreaterThan((Date.now() - tsOf(4)) / 1000 - 30);
    const topic = ((await viewer.get(`${S}/topics`)).json.items as any[]).find((t) => t.id === TOPIC);
    expect(topic.produceRate).toBe(0);
    for (const metric of ["lag", "lagSeconds", "consumeRate"]) {
      const s = await viewer.get(`${G}/series?metric=${metric}`);
      expect(s.status).toBe(200);
      expect(s.json.points.length, metric).toBeGreaterThan(0);
    }
    const lag = (await viewer.get(`${G}/series?metric=lag`)).json.points as any[];
    expect(lag.at(-1).v).toBe(10);
  });
});

describe("offset reset and delete", () => {
  it("a viewer may not reset or delete: 403, audited as denied", async () => {
    const r = await viewer.post(`${G}/offsets`, { to: "earliest", dryRun: true });
    expect(r.status).toBe(403);
    const d = await viewer.del(G);
    expect(d.status).toBe(403);
    expect((await audit("group.offsets.reset")).find((e) => e.actor === "vera")).toMatchObject({ outcome: "denied", target: GROUP });
    expect((await audit("group.delete")).find((e) => e.actor === "vera")).toMatchObject({ outcome: "denied", target: GROUP });
  });

  it("rejects a bad body with a 400 naming the field", async () => {
    const r = await operator.post(`${G}/offsets`, { to: "yesterday" });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain("to");
    const p = await operator.post(`${G}/offsets`, { to: "earliest", partitions: [0] });
    expect(p.status).toBe(400);
    expect(JSON.stringify(p.json)).toContain("partitions need a topic");
  });

  it("plans a dry run while the consumer is connected, but refuses to apply (409, audited as failed) and to delete", async () => {
    const dry = await operator.post(`${G}/offsets`, { to: { shiftBy: -2 }, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.json.partitions).toEqual([
      { topic: TOPIC, partition: 0, current: 4, target: 2, lag: 8 },
      { topic: TOPIC, partition: 1, current: 6, target: 4, lag: 6 },
    ]);
    expect(await committed()).toEqual(COMMITS);

    const apply = await operator.post(`${G}/offsets`, { to: "earliest" });
    expect(apply.status).toBe(409);
    expect(apply.json.error.message).toMatch(new RegExp(`consumer group ${GROUP}: it is Stable with 1 active member; stop its consumers first`));
    expect(await committed()).toEqual(COMMITS);
    const failed = (await audit("group.offsets.reset")).find((e) => e.outcome === "failed");
    expect(failed).toMatchObject({ actor: "otto", target: GROUP });
    expect(failed.error).toContain("stop its consumers first");

    const del = await api.del(G);
    expect(del.status).toBe(409);
  });

  it("applies a reset once the group is Empty; kafkajs reads the new offsets back; the audit keeps before and after", async () => {
    await consumer!.disconnect();
    consumer = null;
    await poll("the group to be Empty", async () => ((await api.get(G)).json.state === "Empty" ? true : undefined), 60_000);

    const r = await operator.post(`${G}/offsets`, { to: { offset: 3 }, topic: TOPIC, partitions: [1] });
    expect(r.status).toBe(200);
    expect(r.json.partitions).toEqual([{ topic: TOPIC, partition: 1, current: 6, target: 3, lag: 7 }]);
    expect(await committed()).toEqual([4, 3]);
    const ok = (await audit("group.offsets.reset")).find((e) => e.outcome === "ok" && e.params?.dryRun === false);
    expect(ok).toMatchObject({ actor: "otto", target: GROUP, counts: { partitions: 1, lagAfter: 7 } });
    expect(ok.params.before).toEqual([{ topic: TOPIC, partition: 1, offset: 6 }]);
    expect(ok.params.after).toEqual([{ topic: TOPIC, partition: 1, offset: 3 }]);

    const all = await operator.post(`${G}/offsets`, { to: "latest" });
    expect(all.json.partitions.map((p: any) => [p.current, p.target, p.lag])).toEqual([[4, 10, 0], [3, 10, 0]]);
    expect(await committed()).toEqual([10, 10]);
    const d = (await api.get(G)).json;
    expect(d.lag).toBe(0);
    expect(d.partitions.map((p: any) => p.lagSeconds)).toEqual([0, 0]);
  });

  it("deletes the Empty group: an operator may not (403), an admin may; then it is a 404", async () => {
    expect((await operator.del(G)).status).toBe(403);
    const r = await api.del(G);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ groupId: GROUP, state: "Empty" });
    const groups = await admin.listGroups();
    expect(groups.groups.some((g) => g.groupId === GROUP)).toBe(false);
    expect((await api.get(G)).status).toBe(404);
    expect((await audit("group.delete")).find((e) => e.outcome === "ok")).toMatchObject({ actor: "admin", target: GROUP });
  });
});
