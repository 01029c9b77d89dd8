// Kafka topics through a started QueueDeck server and the real Kafka 4.1 broker: the topic list
// and page, the message browser with filters, produce (read back with kafkajs), purge counts and
// the 409 of a compacted topic, a dead-letter topic in GET .../dead-letters with its top
// exception, and its replay to the origin as an operation (read back with headers and the replay
// count). Viewers are refused and audited. Every topic carries this run's prefix.
import { Kafka, logLevel, type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KAFKA_REPLAY_COUNT_HEADER, KAFKA_REPLAY_IN_FLIGHT_WINDOW } from "@/lib/kafka-dead-letters";
import { kafkaBrokers, runId } from "../support/brokers";
import { exactProducer, readTopic, waitForTopics } from "../support/kafka-topics";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";

const run = runId();
// A leading "0" keeps our topics among the first the adapter reads on a shared broker.
const T = {
  orders: `0-${run}.orders`,
  purge: `0-${run}.purge`,
  compacted: `0-${run}.compacted`,
  dlt: `0-${run}.orders.DLT`,
};
const ADMIN_PASSWORD = "admin-password-for-kafka-topics";
const base = "/api/v1/sources/kafka";
const kafka = new Kafka({ clientId: `qd-topics-api-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
let admin: Admin;
let server: RunningServer;
let api: ApiClient;
let vera: ApiClient;

const spring = (origin: string, message: string) => ({
  "kafka_dlt-original-topic": origin,
  "kafka_dlt-exception-fqcn": "java.lang.IllegalStateException",
  "kafka_dlt-exception-message": message,
});

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: false,
    topics: [
      { topic: T.orders, numPartitions: 2, configEntries: [{ name: "retention.ms", value: "86400000" }] },
      { topic: T.purge, numPartitions: 2 },
      { topic: T.compacted, numPartitions: 1, configEntries: [{ name: "cleanup.policy", value: "compact" }] },
      { topic: T.dlt, numPartitions: 1 },
    ],
  });
  await waitForTopics(admin, Object.values(T));
  const producer = exactProducer(kafka);
  await producer.connect();
  await producer.send({
    topic: T.orders,
    messages: Array.from({ length: 10 }, (_, i) => ({
      partition: i % 2,
      key: `customer-${i % 3}`,
      value: JSON.stringify({ order: i, item: i === 7 ? "needle" : "hay" }),
      headers: { region: i % 2 ? "eu" : "us" },
    })),
  });
  await producer.send({ topic: T.purge, messages: Array.from({ length: 6 }, (_, i) => ({ partition: i % 2, value: `p${i}` })) });
  await producer.send({ topic: T.compacted, messages: [{ key: "k", value: "v" }] });
  await producer.send({
    topic: T.dlt,
    messages: [
      { key: "a", value: "dead 1", headers: spring(T.orders, "price missing") },
      { key: "b", value: "dead 2", headers: spring(T.orders, "price missing") },
      { key: "c", value: "dead 3", headers: spring(T.orders, "customer unknown") },
    ],
  });
  await producer.disconnect();

  server = await startServer({
    config: { sources: [{ id: "kafka", kind: "kafka", name: "Kafka", brokers: kafkaBrokers() }] },
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD, QUEUEDECK_COLLECTOR_INTERVAL_MS: "1000" },
  });
  api = new ApiClient(server.url);
  expect((await api.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
  expect((await api.post("/api/v1/users", { username: "vera", password: "viewer-password-1", role: "viewer" })).status).toBe(201);
  vera = new ApiClient(server.url);
  expect((await vera.post("/api/v1/session", { username: "vera", password: "viewer-password-1" })).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await admin?.deleteTopics({ topics: Object.values(T) }).catch(() => undefined);
  await admin?.disconnect();
});

describe("topics", () => {
  it("lists topics with partitions, replication factor and under-replicated partitions", async () => {
    const t = await poll("orders in the topic list", async () => {
      const r = await api.get(`${base}/topics`);
      return (r.json.items as any[]).find((x) => x.id === T.orders && x.messages === 10);
    });
    const { produceRate, ...rest } = t;
    expect(rest).toEqual({ id: T.orders, name: T.orders, partitions: 2, messages: 10, replicationFactor: 1, underReplicated: 0 });
    // A rate needs two ticks of end offsets: null until then, then messages per second.
    expect(produceRate === null || (typeof produceRate === "number" && produceRate >= 0)).toBe(true);
  });

  it("serves the topic page: partitions, configs and the groups reading it", async () => {
    const group = `0-${run}-readers`;
    await admin.setOffsets({ groupId: group, topic: T.orders, partitions: [{ partition: 0, offset: "2" }, { partition: 1, offset: "5" }] });
    // It reads a second topic too: each topic page shows its lag there, not the group's total (3 + 3).
    await admin.setOffsets({ groupId: group, topic: T.purge, partitions: [{ partition: 0, offset: "0" }] });
    const listed = await poll("the group reading both topics, with its lag in seconds", async () => {
      const g = ((await api.get(`${base}/groups`)).json.items as any[]).find((x) => x.id === group);
      return g?.topics.length === 2 && typeof g.lagSecondsByTopic[T.orders] === "number" ? g : undefined;
    });
    expect(listed).toMatchObject({ lag: 6, lagByTopic: { [T.orders]: 3, [T.purge]: 3 } });
    const r = await api.get(`${base}/topics/${T.orders}`);
    expect(r.status).toBe(200);
    const page = r.json;
    expect(page).toMatchObject({ id: T.orders, name: T.orders, replicationFactor: 1, underReplicated: 0, messages: 10 });
    expect(page.partitions.map((p: any) => [p.partition, p.earliest, p.latest, p.replicas.length, p.isr.length])).toEqual([
      [0, 0, 5, 1, 1],
      [1, 0, 5, 1, 1],
    ]);
    expect(page.configs.find((c: any) => c.name === "retention.ms")).toMatchObject({ value: "86400000", isDefault: false });
    expect(page.groups).toEqual([expect.objectContaining({ id: group, groupId: group, lag: 3, lagSeconds: expect.any(Number) })]);
    const purgePage = (await api.get(`${base}/topics/${T.purge}`)).json;
    expect(purgePage.groups).toEqual([expect.objectContaining({ id: group, lag: 3 })]);
    await admin.deleteGroups([group]).catch(() => undefined);
    const missing = await api.get(`${base}/topics/0-${run}.nope`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toMatch(/does not exist/);
  });

  it("browses messages with filters and says how far it read", async () => {
    const all = await api.get(`${base}/topics/${T.orders}/messages?limit=50`);
    expect(all.status).toBe(200);
    expect(all.json.messages).toHaveLength(10);
    expect(all.json.stoppedBy).toBe("end");
    expect(all.json.scanned).toBe(10);
    expect(all.json.partitions).toEqual([
      { partition: 0, from: 0, to: 5, end: 5 },
      { partition: 1, from: 0, to: 5, end: 5 },
    ]);
    const needle = await api.get(`${base}/topics/${T.orders}/messages?q=needle`);
    expect(needle.json.messages).toHaveLength(1);
    expect(needle.json.messages[0]).toMatchObject({ partition: 1, offset: 3, key: { encoding: "text", text: "customer-1" } });
    expect(needle.json.messages[0].value).toMatchObject({ encoding: "json" });
    expect(JSON.parse(needle.json.messages[0].value.text)).toEqual({ order: 7, item: "needle" });
    const byKey = await api.get(`${base}/topics/${T.orders}/messages?key=customer-0&partition=0`);
    expect(byKey.json.messages.map((m: any) => m.offset)).toEqual([0, 3]);
    const byHeader = await api.get(`${base}/topics/${T.orders}/messages?header=region%3Deu`);
    expect(byHeader.json.messages.every((m: any) => m.partition === 1)).toBe(true);
    expect(byHeader.json.messages).toHaveLength(5);
    const page = await api.get(`${base}/topics/${T.orders}/messages?partition=0&offset=1&limit=2`);
    expect(page.json.messages.map((m: any) => m.offset)).toEqual([1, 2]);
    expect(page.json.stoppedBy).toBe("limit");
    const newest = await api.get(`${base}/topics/${T.orders}/messages?newest=1`);
    expect(newest.json.messages.map((m: any) => [m.partition, m.offset]).sort()).toEqual([
      [0, 4],
      [1, 4],
    ]);
    const bad = await api.get(`${base}/topics/${T.orders}/messages?offset=1&newest=2`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/at most one of offset, timestamp and newest/);
  });

  it("produces a message (operator) that kafkajs reads back, audited", async () => {
    const r = await api.post(`${base}/topics/${T.orders}/messages`, { key: "k-new", value: '{"made":"here"}', headers: { origin: "queuedeck" }, partition: 1 });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ partition: 1, offset: 5 });
    const back = await readTopic(kafka, admin, T.orders, 11);
    const rec = back.find((m) => m.partition === 1 && m.offset === 5)!;
    expect(rec).toMatchObject({ key: "k-new", value: '{"made":"here"}', headers: { origin: "queuedeck" } });
    const audit = await api.get("/api/v1/audit?source=kafka&action=topic.produce");
    expect(audit.json.items[0]).toMatchObject({ outcome: "ok", actor: "admin", target: T.orders, counts: { partition: 1, offset: 5 } });
    const denied = await vera.post(`${base}/topics/${T.orders}/messages`, { value: "x" });
    expect(denied.status).toBe(403);
    const noPart = await api.post(`${base}/topics/${T.orders}/messages`, { value: "x", partition: 9 });
    expect(noPart.status).toBe(400);
    expect(noPart.json.error.message).toMatch(/has no partition 9/);
  });

  it("purges up to an offset, then the whole topic, with counts read back; 409 on a compacted topic", async () => {
    // Past the end of a partition: 400 naming the partition, its end and the offset asked; nothing deleted.
    const beyond = await api.post(`${base}/topics/${T.purge}/purge`, { partitions: [{ partition: 0, offset: 2 }, { partition: 1, offset: 4 }] });
    expect(beyond.status).toBe(400);
    expect(beyond.json.error).toEqual({ code: "invalid_request", message: `partition 1 of ${T.purge} ends at offset 3: cannot delete up to 4` });
    const negative = await api.post(`${base}/topics/${T.purge}/purge`, { partitions: [{ partition: 0, offset: -1 }] });
    expect(negative.status).toBe(400);
    expect(negative.json.error.message).toMatch(/^partitions\.0\.offset: /);
    const some = await api.post(`${base}/topics/${T.purge}/purge`, { partitions: [{ partition: 0, offset: 2 }] });
    expect(some.status).toBe(200);
    expect(some.json).toEqual({ deleted: 2, partitions: [{ partition: 0, before: 0, after: 2, deleted: 2 }] });
    const rest = await api.post(`${base}/topics/${T.purge}/purge`, {});
    expect(rest.json.deleted).toBe(4);
    const offsets = await admin.fetchTopicOffsets(T.purge);
    expect(offsets.map((o) => [o.partition, o.low, o.high]).sort()).toEqual([
      [0, "3", "3"],
      [1, "3", "3"],
    ]);
    const audit = await api.get("/api/v1/audit?source=kafka&action=topic.purge");
    expect(audit.json.items[0]).toMatchObject({ outcome: "ok", target: T.purge, counts: { deleted: 4 } });
    const compacted = await api.post(`${base}/topics/${T.compacted}/purge`, {});
    expect(compacted.status).toBe(409);
    expect(compacted.json.error.message).toMatch(/is compacted \(cleanup.policy=compact\)/);
  });

  it("refuses a viewer purge and replay with 403, audited as denied naming the topic", async () => {
    expect((await vera.post(`${base}/topics/${T.purge}/purge`, {})).status).toBe(403);
    expect((await vera.post(`${base}/topics/${T.dlt}/replay`, {})).status).toBe(403);
    const purge = await api.get("/api/v1/audit?source=kafka&action=topic.purge");
    expect(purge.json.items[0]).toMatchObject({ outcome: "denied", actor: "vera", target: T.purge, error: "needs admin, has viewer" });
    const replay = await api.get("/api/v1/audit?source=kafka&action=topic.replay");
    expect(replay.json.items[0]).toMatchObject({ outcome: "denied", actor: "vera", target: T.dlt, error: "needs operator, has viewer" });
  });
});

describe("dead-letter topics", () => {
  it("lists the DLT with count, oldest, origin and top exceptions", async () => {
    const dlt = await poll("the DLT in dead-letters", async () => {
      const r = await api.get(`${base}/dead-letters`);
      expect(r.status).toBe(200);
      return (r.json.items as any[]).find((x) => x.topic === T.dlt);
    }, 60_000);
    expect(dlt).toMatchObject({ id: T.dlt, topic: T.dlt, count: 3, origin: T.orders, detectedBy: ["name", "header"], sampled: 3 });
    expect(dlt.oldest).toEqual(expect.any(Number));
    expect(dlt.topExceptions[0]).toEqual({ message: expect.stringContaining("price missing"), count: 2 });
    expect(dlt.scannedAt).toEqual(expect.any(Number));
    // How far the collector's (budget-capped) scan read.
    const { scan } = (await api.get(`${base}/dead-letters`)).json;
    expect(scan).toEqual({
      candidates: expect.any(Number), read: expect.any(Number), records: expect.any(Number), bytes: expect.any(Number), ms: expect.any(Number),
      stoppedBy: scan.stoppedBy === null ? null : expect.stringMatching(/^(records|bytes|time)$/), resumeAfter: scan.stoppedBy === null ? null : expect.any(String), at: expect.any(Number),
    });
    expect(scan.read).toBeGreaterThanOrEqual(1);
    expect(scan.read).toBeLessThanOrEqual(scan.candidates);
  });

  it("replays to the origin as an operation: copies read back with headers and the replay count", async () => {
    const r = await api.post(`${base}/topics/${T.dlt}/replay`, { ratePerSecond: 100 });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ operationId: expect.any(String), total: 3, note: expect.stringContaining(`up to ${KAFKA_REPLAY_IN_FLIGHT_WINDOW} records twice`) });
    const op = await poll("replay done", async () => {
      const o = await api.get(`/api/v1/operations/${r.json.operationId}`);
      return o.json.status === "running" ? undefined : o.json;
    });
    expect(op).toMatchObject({ status: "done", done: 3, total: 3, failed: 0, skipped: 0, target: `${T.dlt} → origin` });
    const back = (await readTopic(kafka, admin, T.orders, 14)).filter((m) => m.headers[KAFKA_REPLAY_COUNT_HEADER] !== undefined);
    expect(back.map((m) => m.value).sort()).toEqual(["dead 1", "dead 2", "dead 3"]);
    for (const m of back) {
      expect(m.headers[KAFKA_REPLAY_COUNT_HEADER]).toBe("1");
      expect(m.headers["kafka_dlt-original-topic"]).toBe(T.orders);
    }
    expect(back.find((m) => m.value === "dead 3")?.key).toBe("c");
    const audit = await poll("the final report audited", async () => {
      const a = await api.get("/api/v1/audit?source=kafka&action=topic.replay.finished");
      return a.json.items[0];
    });
    expect(audit).toMatchObject({ outcome: "ok", target: T.dlt, counts: { total: 3, replayed: 3, failed: 0, skipped: 0 } });
  });
});
