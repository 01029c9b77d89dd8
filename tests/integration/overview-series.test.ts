// Source-level series on real brokers: traffic through a RabbitMQ queue and a BullMQ queue, read
// back as each source's depth, throughput and dead letters, and compared with what the brokers say.
import type { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OverviewSeriesDto } from "@/lib/overview";
import type { SeriesPointDto } from "@/lib/dto";
import { rabbitAmqpUrl, redisUrl } from "../support/brokers";
import { BullFixture } from "../support/bullmq";
import { mgmtApi, mgmtBase, poll, TestVhost } from "../support/rabbitmq";
import { ApiClient, startServer, type RunningServer } from "../support/server";

const ADMIN_PASSWORD = "overview-series-admin-password";
const vh = new TestVhost("-ovs");
// A management user that sees this run's vhost only: the source's totals are this test's queues alone.
const viewer = `${vh.name}-viewer`;
const viewerPassword = `pw${Math.random().toString(36).slice(2)}`;
const bull = new BullFixture();
let server: RunningServer;
let api: ApiClient;
let steadyJobs: Queue;
let rabbitFeed: NodeJS.Timeout | undefined;
let bullFeed: NodeJS.Timeout | undefined;
let jobsAdded = 0;

type Series = { points: SeriesPointDto[] };
const series = async (source: string, metric: string, from?: number) => {
  const r = await api.get(`/api/v1/sources/${source}/series?entity=source&metric=${metric}${from ? `&from=${from}` : ""}`);
  expect(r.status).toBe(200);
  return (r.json as Series).points;
};
/** The newest raw point (a window short enough not to be downsampled). */
const latest = async (source: string, metric: string) => (await series(source, metric, Date.now() - 5 * 60_000)).at(-1)?.v;

beforeAll(async () => {
  await vh.create();
  await mgmtApi("PUT", `/api/users/${encodeURIComponent(viewer)}`, { password: viewerPassword, tags: "management" });
  await mgmtApi("PUT", `/api/permissions/${vh.path}/${encodeURIComponent(viewer)}`, { configure: "", write: "", read: ".*" });
  const ch = await vh.confirmChannel();
  await ch.assertQueue("work.dlq", { durable: true });
  await ch.assertQueue("work", { durable: true, arguments: { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "work.dlq" } });
  await ch.assertQueue("idle", { durable: true });
  await ch.assertQueue("steady", { durable: true });
  for (let i = 0; i < 6; i++) ch.sendToQueue("idle", Buffer.from(`idle ${i}`));
  await ch.waitForConfirms();
  await vh.deadLetter("work", ["a", "b", "c"], { reason: "rejected" });
  await poll("3 dead letters", async () => ((await vh.depth("work.dlq")) === 3 ? true : undefined));

  const idle = bull.queue("idle");
  for (let i = 0; i < 4; i++) await idle.add("wait", { i });
  for (let i = 0; i < 2; i++) await idle.add("later", { i }, { delay: 3600_000 });
  const failing = bull.queue("fail");
  for (let i = 0; i < 3; i++) await failing.add("boom", { i });
  bull.worker("fail", async () => {
    throw new Error("always fails");
  });
  await poll("3 failed jobs", async () => ((await failing.getFailedCount()) === 3 ? true : undefined));
  steadyJobs = bull.queue("steady");
  bull.worker("steady", async () => "done");

  const scopedMgmt = `http://${encodeURIComponent(viewer)}:${viewerPassword}@${new URL(mgmtBase).host}`;
  const config = {
    sources: [
      { id: "rmq", kind: "rabbitmq", name: "Rabbit", amqpUrl: rabbitAmqpUrl(), managementUrl: scopedMgmt },
      { id: "jobs", kind: "bullmq", name: "Jobs", redisUrl: redisUrl(), prefix: bull.prefix },
    ],
  };
  server = await startServer({ config, env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  api = new ApiClient(server.url);
  expect((await api.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  clearInterval(rabbitFeed);
  clearInterval(bullFeed);
  await server?.stop();
  await bull.cleanup();
  await vh.delete();
  await mgmtApi("DELETE", `/api/users/${encodeURIComponent(viewer)}`);
});

describe("source-level series", () => {
  it("records depth, throughput and dead letters of each source, matching the brokers", async () => {
    // The BullMQ rate needs an earlier tick: traffic starts once a throughput point is stored, so
    // everything completed later is in the points that follow.
    const started = await poll("a first BullMQ throughput point", async () => ((await series("jobs", "throughput")).length > 0 ? Date.now() : undefined), 30_000);

    const consumer = await (await vh.connection()).createChannel();
    await consumer.prefetch(20);
    await consumer.consume("steady", (m) => m && consumer.ack(m));
    const publisher = await vh.confirmChannel();
    rabbitFeed = setInterval(() => publisher.sendToQueue("steady", Buffer.from("tick")), 50);
    bullFeed = setInterval(() => {
      jobsAdded++;
      void steadyJobs.add("tick", {});
    }, 100);

    // RabbitMQ: the source's throughput is the ack rate the management API reports for its queues
    // (both ramp up over RabbitMQ's 5 s statistics interval: compared once it is steady).
    const rates = await poll(
      "RabbitMQ's ack rate in the source's throughput",
      async () => {
        const v = await latest("rmq", "throughput");
        const steady = (await (await mgmtApi("GET", `/api/queues/${vh.path}/steady`)).json()) as { message_stats?: { ack_details?: { rate: number } } };
        const broker = steady.message_stats?.ack_details?.rate ?? 0;
        return v !== undefined && broker > 10 && Math.abs(v - broker) <= broker * 0.2 ? { v, broker } : undefined;
      },
      60_000,
      500,
    );
    expect(rates.v).toBeGreaterThan(8);

    await poll("BullMQ throughput", async () => ((await latest("jobs", "throughput")) ?? 0) > 0 || undefined, 30_000, 500);
    await new Promise((r) => setTimeout(r, 3000));
    clearInterval(rabbitFeed);
    clearInterval(bullFeed);
    await poll("every job completed", async () => ((await steadyJobs.getCompletedCount()) === jobsAdded ? true : undefined), 30_000);
    const done = Date.now();

    // BullMQ: summed over time, the completed-per-second points give back every job completed.
    const points = await poll(
      "a throughput point after the last job",
      async () => {
        const p = await series("jobs", "throughput", started - 60_000);
        return p.at(-1)!.t > done + 1000 ? p : undefined;
      },
      30_000,
      500,
    );
    let completed = 0;
    for (let i = 1; i < points.length; i++) completed += (points[i]!.v * (points[i]!.t - points[i - 1]!.t)) / 1000;
    expect(jobsAdded).toBeGreaterThan(20);
    expect(completed).toBeCloseTo(jobsAdded, 6);

    // Depth and dead letters, once the brokers are quiet: the exact counts.
    const counts = { idle: await bull.queue("idle").getJobCounts(), fail: await bull.queue("fail").getJobCounts() };
    expect(counts.idle).toMatchObject({ waiting: 4, delayed: 2 });
    await poll("BullMQ depth 6 (4 waiting, 2 delayed) and 3 failed", async () =>
      (await latest("jobs", "depth")) === 6 && (await latest("jobs", "deadLetters")) === counts.fail.failed ? true : undefined,
    );
    expect(counts.fail.failed).toBe(3);
    const rabbitDepth = (await vh.depth("idle")) + (await vh.depth("work.dlq")) + (await vh.depth("steady")) + (await vh.depth("work"));
    expect(rabbitDepth).toBe(9);
    await poll(
      "RabbitMQ depth 9 and 3 dead letters",
      async () => ((await latest("rmq", "depth")) === rabbitDepth && (await latest("rmq", "deadLetters")) === 3 ? true : undefined),
      30_000,
      500,
    );
    await consumer.close();
  }, 180_000);

  it("serves every source's series in one answer, with each kind's unit", async () => {
    const r = await api.get("/api/v1/overview/series?metric=deadLetters&range=15m&points=50");
    expect(r.status).toBe(200);
    const body = r.json as OverviewSeriesDto;
    expect(body).toMatchObject({ metric: "deadLetters", range: "15m" });
    expect(body.to - body.from).toBe(15 * 60_000);
    expect(body.sources.map((s) => [s.source, s.name, s.kind, s.unit])).toEqual([
      ["rmq", "Rabbit", "rabbitmq", "messages"],
      ["jobs", "Jobs", "bullmq", "failed jobs"],
    ]);
    for (const s of body.sources) {
      expect(s.points.length).toBeGreaterThan(0);
      expect(s.points.length).toBeLessThanOrEqual(50);
      // The last point is a bucket of 18 s, averaged: it may hold ticks from before the third dead letter.
      expect(s.points.at(-1)!.max).toBe(3);
      expect(s.points.at(-1)!.v).toBeGreaterThan(0);
      expect(s.points.at(-1)!.v).toBeLessThanOrEqual(3);
      expect(s.latest).toMatchObject({ v: 3 });
      expect(s.latest!.t).toBeGreaterThan(body.to - 10_000);
    }
  });

  it("refuses bad input with a 4xx JSON error, and strangers", async () => {
    for (const q of ["metric=lag", "metric=depth&range=2h", "metric=depth&points=5000", ""]) {
      const r = await api.get(`/api/v1/overview/series?${q}`);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBeTypeOf("string");
    }
    expect((await api.get("/api/v1/sources/rmq/series?entity=bogus&metric=depth")).status).toBe(400);
    expect((await new ApiClient(server.url).get("/api/v1/overview/series?metric=depth")).status).toBe(401);
    expect((await api.post("/api/v1/overview/series", {})).status).toBe(405);
  });
});
