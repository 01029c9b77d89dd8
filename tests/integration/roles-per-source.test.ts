// Roles per source on a real server and real brokers: a user who is operator on "rabbit-*" and
// viewer elsewhere acts on the RabbitMQ source and is refused (403, audited) on every other
// source for every action kind (immediate actions, operations, job actions, admin-level
// actions; RabbitMQ, BullMQ, Kafka, Celery); a token granted "rabbit-*" only does not even see
// the others (404, and lists leave them out); grants are validated and edited through the API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueIdOf } from "@/lib/rabbitmq";
import { bullQueueId } from "@/server/brokers/bullmq/map";
import { kafkaBrokers, rabbitAmqpUrl, rabbitManagementUrl, redisUrl } from "../support/brokers";
import { BullFixture } from "../support/bullmq";
import { poll, TestVhost } from "../support/rabbitmq";
import type { Queue } from "bullmq";
import { ApiClient, startServer, type RunningServer } from "../support/server";

const ADMIN_PASSWORD = "admin-password-for-roles-tests";
const OPS_PASSWORD = "ops-password-for-roles-tests";
const vh = new TestVhost("-roles");
const fx = new BullFixture();
const BULL = "au-roles-emails";
const R = "/api/v1/sources/rabbit-main";
const J = `/api/v1/sources/jobs/queues/${bullQueueId(BULL)}`;
const K = "/api/v1/sources/kafka-b";
const C = "/api/v1/sources/celery-b";
let server: RunningServer;
let admin: ApiClient;
let ops: ApiClient;
let scoped: ApiClient;
let bull: Queue;

async function publish(queue: string, bodies: string[]) {
  const ch = await vh.confirmChannel();
  for (const b of bodies) ch.sendToQueue(queue, Buffer.from(b), { persistent: true });
  await ch.waitForConfirms();
  await ch.close();
}

beforeAll(async () => {
  await vh.create();
  const ch = await vh.confirmChannel();
  await ch.assertExchange("dlx", "direct", { durable: true });
  await ch.assertQueue("orders.dlq", { durable: true });
  await ch.bindQueue("orders.dlq", "dlx", "orders");
  await ch.assertQueue("orders", { durable: true, arguments: { "x-dead-letter-exchange": "dlx" } });
  await ch.assertQueue("emails", { durable: true });
  await ch.close();
  await vh.deadLetter("orders", ["o1", "o2"], { reason: "rejected" });
  await publish("emails", ["e1", "e2", "e3"]);
  bull = fx.queue(BULL);
  await bull.add("send", { to: "a@example.com" });

  server = await startServer({
    config: {
      sources: [
        { id: "rabbit-main", kind: "rabbitmq", name: "RabbitMQ", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() },
        { id: "jobs", kind: "bullmq", name: "BullMQ", tags: ["team-b"], redisUrl: fx.url, prefix: fx.prefix },
        { id: "kafka-b", kind: "kafka", name: "Kafka", tags: ["team-b"], brokers: kafkaBrokers() },
        { id: "celery-b", kind: "celery", name: "Celery", brokerUrl: redisUrl(13), queues: ["au-roles"] },
      ],
    },
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  admin = new ApiClient(server.url);
  expect((await admin.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
  const created = await admin.post("/api/v1/users", {
    username: "au-ops",
    password: OPS_PASSWORD,
    grants: [
      { role: "operator", sources: ["rabbit-*"] },
      { role: "viewer", sources: "*" },
    ],
  });
  expect(created.status).toBe(201);
  expect(created.json).toMatchObject({ username: "au-ops", role: "viewer", grants: [{ role: "operator", sources: ["rabbit-*"] }, { role: "viewer", sources: "*" }] });
  ops = new ApiClient(server.url);
  expect((await ops.post("/api/v1/session", { username: "au-ops", password: OPS_PASSWORD })).status).toBe(200);
  const token = await admin.post("/api/v1/tokens", { name: "au-scoped", grants: [{ role: "operator", sources: ["rabbit-*"] }] });
  expect(token.status).toBe(201);
  expect(token.json).toMatchObject({ role: null, grants: [{ role: "operator", sources: ["rabbit-*"] }] });
  scoped = new ApiClient(server.url, token.json.token);
  // Every source sampled once, so lists have something to leave out.
  await poll("all four sources sampled", async () => {
    const items = (await admin.get("/api/v1/sources")).json.items as { sampledAt?: string }[];
    return items.length === 4 && items.every((s) => s.sampledAt) ? true : undefined;
  });
});

afterAll(async () => {
  await server?.stop();
  await vh.delete();
  await fx.cleanup();
});

const rid = (name: string) => queueIdOf(vh.name, name);

async function lastAudit(action: string, source: string) {
  const r = await admin.get(`/api/v1/audit?action=${encodeURIComponent(action)}&source=${source}&limit=1`);
  return r.json.items[0];
}

describe("a user who is operator on rabbit-* and viewer elsewhere", () => {
  it("gets its role on each source from the session API", async () => {
    const me = (await ops.get("/api/v1/session")).json;
    expect(me).toMatchObject({ username: "au-ops", role: "viewer" });
    expect(me.sources).toEqual({ "rabbit-main": "operator", jobs: "viewer", "kafka-b": "viewer", "celery-b": "viewer" });
  });

  it("purges on rabbit-main (count returned and audited) and is refused, audited, on Celery", async () => {
    const ok = await ops.post(`${R}/queues/${rid("emails")}/purge`);
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ purged: 3 });
    expect(await vh.depth("emails")).toBe(0);
    expect(await lastAudit("queue.purge", "rabbit-main")).toMatchObject({ actor: "au-ops", outcome: "ok", counts: { purged: 3 } });

    const denied = await ops.post(`${C}/queues/au-roles/purge`);
    expect(denied.status).toBe(403);
    expect(denied.json.error).toMatchObject({ code: "forbidden", message: expect.stringMatching(/operator role on celery-b; you are viewer/) });
    expect(await lastAudit("queue.purge", "celery-b")).toMatchObject({ actor: "au-ops", outcome: "denied", error: "needs operator, has viewer" });
  });

  it("starts an operation on rabbit-main (replay) and none on BullMQ (retry-all)", async () => {
    const r = await ops.post(`${R}/queues/${rid("orders.dlq")}/replay`, { ratePerSecond: 1000 });
    expect(r.status).toBe(200);
    const op = await poll("replay done", async () => {
      const o = await ops.get(`/api/v1/operations/${r.json.operationId}`);
      return o.json.status === "running" ? undefined : o.json;
    });
    expect(op).toMatchObject({ status: "done", done: 2, total: 2 });
    expect(await vh.depth("orders")).toBe(2);

    const denied = await ops.post(`${J}/retry`, { state: "failed" });
    expect(denied.status).toBe(403);
    expect(await lastAudit("queue.retry-all", "jobs")).toMatchObject({ actor: "au-ops", outcome: "denied", error: "needs operator, has viewer" });
  });

  it("is refused every BullMQ, Kafka and Celery action, each audited as denied on that source", async () => {
    const jobId = (await bull.getJobs(["waiting"]))[0]!.id!;
    const attempts: [string, string, unknown][] = [
      [`${J}/pause`, "jobs", {}],
      [`${J}/jobs/${jobId}/retry`, "jobs", {}],
      [`${J}/obliterate`, "jobs", {}],
      [`${K}/groups/au-roles-group/offsets`, "kafka-b", { to: "earliest" }],
      [`${K}/topics/au-roles-topic/replay`, "kafka-b", {}],
      [`${C}/tasks/0b8e4c4e-1111-4222-8333-444455556666/revoke`, "celery-b", {}],
      [`${C}/workers/w1@host/pool`, "celery-b", { grow: 1 }],
    ];
    for (const [path, source, body] of attempts) {
      const before = await deniedCount(source);
      const r = await ops.post(path, body);
      expect(r.status, path).toBe(403);
      expect(r.json.error.code, path).toBe("forbidden");
      expect(await deniedCount(source), `${path} audited`).toBe(before + 1);
    }
    // Nothing changed on the broker: the queue is not paused and the job still waits.
    expect(await bull.isPaused()).toBe(false);
    expect(await bull.getWaitingCount()).toBe(1);
  });

  it("reads every source as a viewer", async () => {
    const q = await poll("the BullMQ queue listed", async () => (await ops.get("/api/v1/sources/jobs/queues")).json.items?.find((x: any) => x.name === BULL));
    expect(q.counts.waiting).toBe(1);
    expect((await ops.get("/api/v1/sources")).json.items.map((s: any) => s.id).sort()).toEqual(["celery-b", "jobs", "kafka-b", "rabbit-main"]);
    expect((await ops.get("/api/v1/sources/jobs")).json).toMatchObject({ id: "jobs", tags: ["team-b"] });
  });
});

async function deniedCount(source: string): Promise<number> {
  const r = await admin.get(`/api/v1/audit?source=${source}&limit=500`);
  return (r.json.items as any[]).filter((e) => e.outcome === "denied").length;
}

describe("a token granted operator on rabbit-* only", () => {
  it("acts on rabbit-main", async () => {
    await publish("emails", ["t1"]);
    const r = await scoped.post(`${R}/queues/${rid("emails")}/purge`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ purged: 1 });
    expect(await lastAudit("queue.purge", "rabbit-main")).toMatchObject({ actor: "token:au-scoped", actorKind: "token", outcome: "ok" });
  });

  it("does not see the other sources: 404 for reads and actions alike, the denial audited", async () => {
    for (const path of ["/api/v1/sources/jobs", "/api/v1/sources/jobs/queues", `${J}/jobs?state=waiting`, `${K}/topics`, `${C}/tasks`, "/api/v1/sources/celery-b/series?entity=x&metric=depth"]) {
      const r = await scoped.get(path);
      expect(r.status, path).toBe(404);
      expect(r.json.error.code).toBe("not_found");
    }
    const before = await deniedCount("jobs");
    const r = await scoped.post(`${J}/pause`);
    expect(r.status).toBe(404);
    expect(await deniedCount("jobs")).toBe(before + 1);
    expect(await bull.isPaused()).toBe(false);
    // A hidden source answers as one that does not exist.
    expect((await scoped.get("/api/v1/sources/jobs")).json.error).toEqual({ code: "not_found", message: 'source "jobs" not found' });
    expect((await scoped.get("/api/v1/sources/nope")).json.error).toEqual({ code: "not_found", message: 'source "nope" not found' });
  });

  it("gets lists cut to its sources: sources, overview series, attention, dead letters, audit, operations, alerts, session", async () => {
    expect((await scoped.get("/api/v1/sources")).json.items.map((s: any) => s.id)).toEqual(["rabbit-main"]);
    const sparklines = "/api/v1/overview/series?metric=depth&range=15m&points=20";
    expect((await scoped.get(sparklines)).json.sources.map((s: any) => s.source)).toEqual(["rabbit-main"]);
    expect((await admin.get(sparklines)).json.sources.map((s: any) => s.source)).toEqual(["rabbit-main", "jobs", "kafka-b", "celery-b"]);
    const attention = (await scoped.get("/api/v1/attention")).json;
    expect([...attention.items, ...attention.behind].every((i: any) => i.source === "rabbit-main")).toBe(true);
    const adminAttention = (await admin.get("/api/v1/attention")).json;
    expect(adminAttention.items.some((i: any) => i.source !== "rabbit-main")).toBe(true);
    const inbox = (await scoped.get("/api/v1/dead-letters")).json;
    expect(inbox.sources.map((s: any) => s.source)).toEqual(["rabbit-main"]);
    expect(inbox.items.every((i: any) => i.source === "rabbit-main")).toBe(true);
    expect((await scoped.get("/api/v1/dead-letters?source=jobs")).status).toBe(404);
    const audit = (await scoped.get("/api/v1/audit?limit=500")).json.items as any[];
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((e) => e.source === "rabbit-main")).toBe(true);
    expect(((await admin.get("/api/v1/audit?limit=500")).json.items as any[]).some((e) => e.source === "jobs")).toBe(true);
    expect(((await scoped.get("/api/v1/operations")).json.items as any[]).every((o) => o.source === "rabbit-main")).toBe(true);
    expect((await scoped.get("/api/v1/alerts")).status).toBe(200);
    const me = (await scoped.get("/api/v1/session")).json;
    expect(me).toMatchObject({ role: null, sources: { "rabbit-main": "operator" } });
    expect(Object.keys(me.sources)).toEqual(["rabbit-main"]);
  });

  it("cannot reach global admin things", async () => {
    expect((await scoped.get("/api/v1/users")).status).toBe(403);
    expect((await scoped.get("/api/v1/tokens")).status).toBe(403);
  });
});

describe("grants through the users and tokens API", () => {
  it("takes role as shorthand, validates grants, and edits them", async () => {
    const v = await admin.post("/api/v1/users", { username: "au-vera", password: "vera-password-for-roles", role: "viewer" });
    expect(v.json).toMatchObject({ role: "viewer", grants: [{ role: "viewer", sources: "*" }] });
    for (const grants of [[], [{ role: "root", sources: "*" }], [{ role: "viewer", sources: [] }], [{ role: "viewer", sources: ["Bad Name"] }], "viewer"]) {
      const r = await admin.request("PATCH", "/api/v1/users/au-vera", { grants });
      expect(r.status, JSON.stringify(grants)).toBe(400);
      expect(r.json.error.code).toBe("invalid_request");
    }
    expect((await admin.request("PATCH", "/api/v1/users/au-vera", { role: "viewer", grants: [{ role: "viewer", sources: "*" }] })).status).toBe(400);
    const patched = await admin.request("PATCH", "/api/v1/users/au-vera", { grants: [{ role: "admin", sources: ["tag:team-b"] }] });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ role: null, grants: [{ role: "admin", sources: ["tag:team-b"] }] });
    const listed = ((await admin.get("/api/v1/users")).json.items as any[]).find((u) => u.username === "au-vera");
    expect(listed.grants).toEqual([{ role: "admin", sources: ["tag:team-b"] }]);
    // Admin of the team-b sources: sees those by tag, not rabbit-main, and is no admin of accounts.
    const vera = new ApiClient(server.url);
    expect((await vera.post("/api/v1/session", { username: "au-vera", password: "vera-password-for-roles" })).status).toBe(200);
    expect((await vera.get("/api/v1/session")).json.sources).toEqual({ jobs: "admin", "kafka-b": "admin" });
    expect((await vera.get(`${R}/queues`)).status).toBe(404);
    expect((await vera.get("/api/v1/users")).status).toBe(403);
    expect(await lastAuditAny("read /api/v1/users")).toMatchObject({ actor: "au-vera", outcome: "denied", error: "needs admin, has none" });
    const audit = await admin.get("/api/v1/audit?action=user.update&limit=1");
    expect(audit.json.items[0]).toMatchObject({ target: "au-vera", params: { grants: "admin on tag:team-b" }, outcome: "ok" });
  });
});

async function lastAuditAny(action: string) {
  const r = await admin.get(`/api/v1/audit?action=${encodeURIComponent(action)}&limit=1`);
  return r.json.items[0];
}
