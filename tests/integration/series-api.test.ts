// Every series the collector writes is readable through the API: a real QueueDeck server
// (next start) sampling the real Kafka and Redis every second, read back through the group,
// topic, queue and generic series routes.
import { Redis } from "ioredis";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriesKey } from "@/lib/series-key";
import { kafkaBrokers, redisUrl, runId } from "../support/brokers";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";

const run = runId();
const TOPIC = `${run}.payments`;
// Kafka allows nearly any group id: a space and a slash prove the id survives the URL.
const GROUP = `${run} billing/eu`;
const PER_PARTITION = 10;
/** Committed offsets per partition: lag = (10 - 5) + (10 - 3). */
const COMMITS = [5, 3];
const LAG = COMMITS.reduce((n, c) => n + (PER_PARTITION - c), 0);
const LATE = 6;
const CELERY_DB = 9;
const CELERY_QUEUE = `${run}-q`;
const ADMIN_PASSWORD = "series-admin-password";

const config = {
  sources: [
    { id: "kafka", kind: "kafka", name: "K", brokers: kafkaBrokers() },
    // A Redis db nobody else uses, and a queue of this run's own.
    { id: "celery", kind: "celery", name: "C", brokerUrl: redisUrl(CELERY_DB), queues: [CELERY_QUEUE] },
  ],
};

interface SeriesBody {
  metric: string;
  from: number;
  to: number;
  points: { t: number; v: number }[];
}

const kafka = new Kafka({ clientId: `qd-series-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
let admin: Admin;
let redis: Redis;
let server: RunningServer;
let api: ApiClient;
let viewer: ApiClient;

const groupPath = (group: string) => `/api/v1/sources/kafka/groups/${encodeURIComponent(group)}/series`;
const topicPath = (topic: string) => `/api/v1/sources/kafka/topics/${encodeURIComponent(topic)}/series`;
const entityPath = (source: string, entity: string, metric: string) =>
  `/api/v1/sources/${source}/series?entity=${encodeURIComponent(entity)}&metric=${metric}`;

async function produce(partition: number, count: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: Array.from({ length: count }, (_, i) => ({ partition, value: `payment ${i}` })) });
  await producer.disconnect();
}

/**
 * The last five minutes of a series once they hold a point with value `v` (the collector writes
 * one per tick). Five minutes come at the raw resolution, one point per tick; longer ranges are
 * averaged into at most ~600 points.
 */
function seriesWith(client: ApiClient, path: string, v: number): Promise<SeriesBody> {
  return poll(`a point ${v} at ${path}`, async () => {
    const r = await client.get(`${path}&from=${Date.now() - 5 * 60_000}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const body = r.json as SeriesBody;
    return body.points.some((p) => p.v === v) ? body : undefined;
  });
}

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: 2, replicationFactor: 1 }] });
  for (const p of [0, 1]) await produce(p, PER_PARTITION);
  await admin.setOffsets({ groupId: GROUP, topic: TOPIC, partitions: COMMITS.map((offset, partition) => ({ partition, offset: String(offset) })) });
  redis = new Redis(redisUrl(CELERY_DB));
  await redis.lpush(CELERY_QUEUE, "a", "b", "c");

  server = await startServer({ config, env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  api = new ApiClient(server.url);
  expect((await api.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
  expect((await api.post("/api/v1/users", { username: "val", password: "viewer-password-1", role: "viewer" })).status).toBe(201);
  viewer = new ApiClient(server.url);
  expect((await viewer.post("/api/v1/session", { username: "val", password: "viewer-password-1" })).status).toBe(200);
});

afterAll(async () => {
  await server?.stop();
  await admin?.deleteGroups([GROUP]).catch(() => undefined);
  await admin?.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await admin?.disconnect();
  await redis?.del(CELERY_QUEUE);
  redis?.disconnect();
});

describe("Kafka series through the API", () => {
  it("lists the group and topic with the ids their series routes take", async () => {
    const groups = await poll("the group in the snapshot", async () => {
      const items = (await viewer.get("/api/v1/sources/kafka/groups")).json.items as { id: string; groupId: string; lag: number }[];
      return items.some((g) => g.id === GROUP) ? items : undefined;
    });
    expect(groups.find((g) => g.id === GROUP)).toMatchObject({ id: GROUP, groupId: GROUP, lag: LAG });
    const topics = (await viewer.get("/api/v1/sources/kafka/topics")).json.items as { id: string; name: string }[];
    expect(topics.find((t) => t.id === TOPIC)).toMatchObject({ id: TOPIC, name: TOPIC, messages: 2 * PER_PARTITION });
  });

  it("serves a group's lag as it grows, tick by tick, to a viewer", async () => {
    const before = await seriesWith(viewer, `${groupPath(GROUP)}?metric=lag`, LAG);
    expect(before.metric).toBe("lag");
    // Every point is the lag this run produced: nothing else commits for this group.
    expect(before.points.every((p) => p.v === LAG)).toBe(true);

    await produce(0, LATE);
    const after = await seriesWith(viewer, `${groupPath(GROUP)}?metric=lag`, LAG + LATE);
    expect(after.points.map((p) => p.v).filter((v, i, all) => v !== all[i - 1])).toEqual([LAG, LAG + LATE]);
    // Points come in time order, within the range asked for.
    const ts = after.points.map((p) => p.t);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    expect(ts.every((t) => t >= after.from && t <= after.to)).toBe(true);

    // The same series by its key through the generic route, and a topic's size through its own.
    const generic = await seriesWith(viewer, entityPath("kafka", seriesKey.group(GROUP), "lag"), LAG + LATE);
    expect(generic.points.filter((p) => p.t <= after.to)).toEqual(after.points.filter((p) => p.t >= generic.from));
    await seriesWith(viewer, `${topicPath(TOPIC)}?metric=messages`, 2 * PER_PARTITION + LATE);

    // Without from/to: the last hour.
    const hour = (await viewer.get(`${groupPath(GROUP)}?metric=lag`)).json as SeriesBody;
    expect(hour.to - hour.from).toBe(60 * 60_000);
    expect(hour.points.length).toBeGreaterThan(0);
  });

  it("serves the source-wide totals: at each tick, the sums over that tick's groups and topics", async () => {
    type Snap<T> = { items: T[]; sampledAt: string };
    const pointAt = async (metric: string, t: number) =>
      ((await viewer.get(`${entityPath("kafka", seriesKey.source(), metric)}&from=${t - 1}&to=${t + 1}`)).json as SeriesBody).points.find((p) => p.t === t);
    // Other runs share the broker: the totals are compared with the lists of the same tick.
    const tick = await poll("one tick's lists and totals, with this run's lag in them", async () => {
      const groups = (await viewer.get("/api/v1/sources/kafka/groups")).json as Snap<{ id: string; lag: number }>;
      const topics = (await viewer.get("/api/v1/sources/kafka/topics")).json as Snap<{ messages: number }>;
      if (groups.sampledAt !== topics.sampledAt || groups.items.find((g) => g.id === GROUP)?.lag !== LAG + LATE) return undefined;
      const t = Date.parse(groups.sampledAt);
      const [lag, messages] = await Promise.all([pointAt("lag", t), pointAt("messages", t)]);
      if (!lag || !messages) return undefined;
      return {
        lag: lag.v,
        messages: messages.v,
        lagOfGroups: groups.items.reduce((n, g) => n + g.lag, 0),
        messagesOfTopics: topics.items.reduce((n, x) => n + x.messages, 0),
      };
    });
    expect(tick.lag).toBe(tick.lagOfGroups);
    expect(tick.lag).toBeGreaterThanOrEqual(LAG + LATE);
    expect(tick.messages).toBe(tick.messagesOfTopics);
    expect(tick.messages).toBeGreaterThanOrEqual(2 * PER_PARTITION + LATE);
  });

  it("a group nobody sampled has no points, not an error", async () => {
    const r = await viewer.get(`${groupPath(`${run}-never`)}?metric=lag`);
    expect(r.status).toBe(200);
    expect(r.json.points).toEqual([]);
  });
});

describe("other kinds' series through the generic route", () => {
  it("serves a Celery queue's depth by its key, the same as the queue route", async () => {
    const generic = await seriesWith(viewer, entityPath("celery", seriesKey.queue(CELERY_QUEUE), "depth"), 3);
    const byQueue = await seriesWith(viewer, `/api/v1/sources/celery/queues/${encodeURIComponent(CELERY_QUEUE)}/series?metric=depth`, 3);
    expect(byQueue.points.some((p) => generic.points.some((g) => g.t === p.t && g.v === p.v))).toBe(true);
    // The source-wide series of a Celery source: tasks running (no worker here).
    await seriesWith(viewer, entityPath("celery", "", "active"), 0);
  });
});

describe("series routes refuse what they cannot serve", () => {
  it("a missing source is a JSON 404 on every series route", async () => {
    for (const p of [
      "/api/v1/sources/nope/series?entity=&metric=lag",
      "/api/v1/sources/nope/groups/g/series?metric=lag",
      "/api/v1/sources/nope/topics/t/series?metric=messages",
      "/api/v1/sources/nope/queues/q/series?metric=depth",
    ]) {
      const r = await viewer.get(p);
      expect(r.status, p).toBe(404);
      expect(r.json.error, p).toMatchObject({ code: "not_found", message: expect.stringContaining("nope") });
    }
  });

  it("a source without consumer groups has no group or topic series", async () => {
    const r = await viewer.get("/api/v1/sources/celery/groups/g/series?metric=lag");
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe("not_supported");
  });

  it("bad keys, metrics and times are 400s naming the field", async () => {
    const cases: [string, RegExp][] = [
      [`/api/v1/sources/kafka/series?entity=${"q".repeat(1100)}&metric=lag`, /entity/],
      ["/api/v1/sources/kafka/series?entity=bogus:1&metric=lag", /entity/],
      ["/api/v1/sources/kafka/series?metric=lag", /entity/],
      ["/api/v1/sources/kafka/series?entity=&metric=NOT%20A%20METRIC", /metric/],
      ["/api/v1/sources/kafka/series?entity=&metric=lag&from=2000&to=1000", /from/],
      [`/api/v1/sources/kafka/topics/${encodeURIComponent("not a topic!")}/series?metric=messages`, /topic/],
    ];
    for (const [p, field] of cases) {
      const r = await viewer.get(p);
      expect(r.status, p).toBe(400);
      expect(r.json.error.message, p).toMatch(field);
    }
  });

  it("needs a session", async () => {
    const r = await new ApiClient(server.url).get(entityPath("kafka", "", "lag"));
    expect(r.status).toBe(401);
  });
});
