// The RabbitMQ part of the HTTP API on a real QueueDeck server (next start) and the real
// broker: queues with dead-letter routes, dead letters, exchanges, peek, publish, purge,
// replay as an operation, validation, roles, audit, and a source whose management API is down.
import http from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GZIP_BODY, GZIP_BODY_HEADER } from "@/lib/gzip-body";
import { queueIdOf, rabbitName, vhostIdOf } from "@/lib/rabbitmq";
import { rabbitAmqpUrl, rabbitManagementUrl } from "../support/brokers";
import { mgmtApi, poll, TestVhost } from "../support/rabbitmq";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { deadPort } from "../support/wait";

const SECRET = "Mgmt-S3cret-for-rabbit-tests";
const ADMIN_PASSWORD = "admin-password-for-rabbit-tests";
const vh = new TestVhost("/ops team");
const SPECIAL = "Bestellungen für Jürgen ✓";
const id = (name: string) => queueIdOf(vh.name, name);
let server: RunningServer;
let admin: ApiClient;
const seen: string[] = [];

async function call(client: ApiClient, method: "GET" | "POST", path: string, body?: unknown) {
  const r = method === "GET" ? await client.get(path) : await client.post(path, body);
  seen.push(JSON.stringify(r.json));
  return r;
}
const get = (p: string) => call(admin, "GET", p);
const post = (p: string, body?: unknown) => call(admin, "POST", p, body);
const ours = async (source = "rabbit") => ((await get(`/api/v1/sources/${source}/queues`)).json.items as any[]).filter((q) => q.vhost === vh.name);

beforeAll(async () => {
  await vh.create();
  const ch = await vh.confirmChannel();
  await ch.assertExchange("dlx", "direct", { durable: true });
  await ch.assertQueue("orders.dlq", { durable: true });
  await ch.bindQueue("orders.dlq", "dlx", "orders");
  await ch.assertQueue("orders", { durable: true, arguments: { "x-dead-letter-exchange": "dlx" } });
  await ch.assertQueue("emails.dlq", { durable: true });
  await ch.bindQueue("emails.dlq", "dlx", "emails");
  await ch.assertQueue("emails", { durable: true });
  await ch.assertQueue("payments.dlq", { durable: true, arguments: { "x-queue-type": "quorum" } });
  await ch.assertQueue("payments", { durable: true, arguments: { "x-queue-type": "quorum", "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "payments.dlq" } });
  await ch.assertQueue(`${SPECIAL}.dlq`, { durable: true });
  await ch.bindQueue(`${SPECIAL}.dlq`, "dlx", SPECIAL);
  await ch.assertQueue(SPECIAL, { durable: true, arguments: { "x-dead-letter-exchange": "dlx" } });
  await ch.close();
  await mgmtApi("PUT", `/api/policies/${vh.path}/emails-dlx`, { pattern: "^emails$", "apply-to": "queues", definition: { "dead-letter-exchange": "dlx" } });
  await vh.deadLetter("orders", ["o1", "o2", "o3"], { reason: "rejected" });
  await vh.deadLetter("payments", ["p1", "p2"], { reason: "rejected" });
  await vh.deadLetter(SPECIAL, ['{"bestellung":1}'], { reason: "expired" });

  const port = await deadPort();
  server = await startServer({
    config: {
      sources: [
        { id: "rabbit", kind: "rabbitmq", name: "RabbitMQ", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() },
        { id: "nomgmt", kind: "rabbitmq", name: "No management", amqpUrl: rabbitAmqpUrl(), managementUrl: `http://guest:\${QD_MGMT_SECRET}@127.0.0.1:${port}` },
      ],
    },
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD, QD_MGMT_SECRET: SECRET },
  });
  admin = new ApiClient(server.url);
  expect((await admin.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
});

afterAll(async () => {
  await server?.stop();
  await vh.delete();
  for (const body of seen) expect(body).not.toContain(SECRET);
  expect(server?.output() ?? "").not.toContain(SECRET);
});

describe("queues, dead letters and exchanges from the snapshot", () => {
  it("lists every queue with type, counts and dead-letter routes (argument, policy, quorum, odd names)", async () => {
    const items = await poll("dead-letter routes in the snapshot", async () => {
      const qs = await ours();
      const by = (n: string) => qs.find((q) => q.name === n);
      const ok = by("emails")?.deadLetter.target === "emails.dlq" && by("orders.dlq")?.depth === 3 && by("payments.dlq")?.depth === 2 && by(`${SPECIAL}.dlq`)?.depth === 1;
      return ok ? qs : undefined;
    }, 45_000);
    const by = (n: string) => items.find((q) => q.name === n)!;
    expect(items).toHaveLength(8);
    expect(by("orders")).toMatchObject({
      id: id("orders"),
      type: "classic",
      deadLetter: { isDeadLetterQueue: false, origins: [], target: "orders.dlq", exchange: "dlx", configuredBy: "argument" },
    });
    expect(by("orders.dlq")).toMatchObject({ depth: 3, ready: 3, unacked: 0, consumers: 0, deadLetter: { isDeadLetterQueue: true, origins: ["orders"], target: null } });
    expect(by("emails")).toMatchObject({ policy: "emails-dlx", deadLetter: { target: "emails.dlq", configuredBy: "policy" } });
    expect(by("emails.dlq").deadLetter).toMatchObject({ isDeadLetterQueue: true, origins: ["emails"] });
    expect(by("payments")).toMatchObject({ type: "quorum", deadLetter: { target: "payments.dlq", exchange: "", routingKey: "payments.dlq" } });
    expect(by("payments.dlq")).toMatchObject({ type: "quorum", depth: 2, deadLetter: { isDeadLetterQueue: true, origins: ["payments"] } });
    expect(by(`${SPECIAL}.dlq`)).toMatchObject({ id: id(`${SPECIAL}.dlq`), deadLetter: { isDeadLetterQueue: true, origins: [SPECIAL] } });
    for (const q of items) {
      expect(q.rates).toEqual({ in: expect.any(Number), out: expect.any(Number), ack: expect.any(Number), redeliver: expect.any(Number) });
      expect(q).toHaveProperty("consumerUtilisation");
      expect(q).toHaveProperty("arguments");
    }
  });

  it("serves one queue's live detail and 404 for unknown ids", async () => {
    const r = await get(`/api/v1/sources/rabbit/queues/${id(`${SPECIAL}.dlq`)}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: `${SPECIAL}.dlq`, vhost: vh.name, depth: 1, deadLetter: { isDeadLetterQueue: true } });
    expect((await get(`/api/v1/sources/rabbit/queues/${id("missing")}`)).status).toBe(404);
  });

  it("lists dead-letter queues with their origins and counts", async () => {
    const r = await get("/api/v1/sources/rabbit/dead-letters");
    const mine = (r.json.items as any[]).filter((d) => d.vhost === vh.name);
    expect(mine.map((d) => d.name).sort()).toEqual([`${SPECIAL}.dlq`, "emails.dlq", "orders.dlq", "payments.dlq"]);
    expect(mine.find((d) => d.name === "orders.dlq")).toMatchObject({ depth: 3, origins: [{ name: "orders", id: id("orders") }] });
  });

  it("lists exchanges with bindings and the queues that dead-letter into them", async () => {
    const r = await get("/api/v1/sources/rabbit/exchanges");
    const dlx = (r.json.items as any[]).find((e) => e.vhost === vh.name && e.name === "dlx");
    expect(dlx).toMatchObject({ id: queueIdOf(vh.name, "dlx"), type: "direct" });
    expect(dlx.bindings).toContainEqual({ destination: "orders.dlq", destinationType: "queue", routingKey: "orders" });
    expect(dlx.deadLetterFor.sort()).toEqual([SPECIAL, "emails", "orders"]);
  });

  it("records depth series per queue and per vhost", async () => {
    const q = await poll("depth points", async () => {
      // Points are averaged over 6 s buckets for a 1 h range: wait for a bucket of settled ticks.
      const r = await get(`/api/v1/sources/rabbit/queues/${id("orders.dlq")}/series?metric=depth`);
      return r.json.points.at(-1)?.v === 3 ? r.json : undefined;
    });
    expect(q.points.at(-1).max).toBe(3);
    // What the chart's "1 h" asks: a range computed a moment before the server reads it.
    const to = Date.now() - 1000;
    const hour = await get(`/api/v1/sources/rabbit/queues/${id("orders.dlq")}/series?metric=depth&from=${to - 3600_000}&to=${to}`);
    expect(hour.json.points.length).toBeGreaterThan(0);
    // orders.dlq 3 + payments.dlq 2 + the special DLQ 1, once the broker reported all of them.
    const v = await poll("vhost depth", async () => {
      const r = await get(`/api/v1/sources/rabbit/vhosts/${vhostIdOf(vh.name)}/series?metric=depth`);
      return r.json.points.at(-1)?.v === 6 ? r : undefined;
    });
    expect(v.status).toBe(200);
  });
});

describe("message actions", () => {
  it("peeks with a POST without consuming, validates limit; the old GET is a 405 naming the route", async () => {
    const peekPath = (name: string) => `/api/v1/sources/rabbit/queues/${id(name)}/messages/peek`;
    const r = await post(peekPath(`${SPECIAL}.dlq`), { limit: 5 });
    expect(r.status).toBe(200);
    expect(r.json.items).toHaveLength(1);
    expect(r.json.items[0]).toMatchObject({ size: 16, truncated: false, payload: { encoding: "json" }, deaths: [{ reason: "expired", queue: SPECIAL, count: 1 }] });
    expect(await vh.depth(`${SPECIAL}.dlq`)).toBe(1);
    for (const bad of [101, 0, "abc", 2.5]) {
      const b = await post(peekPath("orders.dlq"), { limit: bad });
      expect(b.status).toBe(400);
      expect(b.json.error.message).toMatch(/^limit: /);
    }
    expect((await post(peekPath("orders.dlq"), { limit: 1, count: 2 })).json.error.message).toMatch(/count/);
    // No body: the default of 10 (orders.dlq holds 3).
    expect((await post(peekPath("orders.dlq"))).json.items).toHaveLength(3);
    expect((await post(peekPath("nope"), { limit: 1 })).status).toBe(404);
    const ghost = `${vh.name}-does-not-exist`;
    const unknownVhost = await post(`/api/v1/sources/rabbit/queues/${queueIdOf(ghost, "orders")}/messages/peek`, { limit: 1 });
    expect(unknownVhost.status).toBe(404);
    expect(unknownVhost.json.error).toEqual({ code: "not_found", message: `vhost "${ghost}" does not exist on rabbit` });

    // A GET must not change state: the old route answers 405 JSON and points to the new one.
    const old = await get(`/api/v1/sources/rabbit/queues/${id("orders.dlq")}/messages?limit=5`);
    expect(old.status).toBe(405);
    expect(old.json.error.code).toBe("method_not_allowed");
    expect(old.json.error.message).toContain(`POST /api/v1/sources/rabbit/queues/${encodeURIComponent(id("orders.dlq"))}/messages/peek`);
    expect((await get(peekPath("orders.dlq"))).status).toBe(405);
    // A cross-site POST with the session cookie is refused before anything is read.
    const foreign = await admin.post(peekPath("orders.dlq"), { limit: 1 }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.code).toBe("csrf");
  });

  it("publishes to an exchange; bad bodies are 400s naming the field", async () => {
    const r = await post(`/api/v1/sources/rabbit/exchanges/${queueIdOf(vh.name, "")}/publish`, { routingKey: "emails", payload: "hi", headers: { a: 1 }, properties: { messageId: "x1" } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ routed: true });
    expect(await vh.depth("emails")).toBe(1);
    const missing = await post(`/api/v1/sources/rabbit/exchanges/${queueIdOf(vh.name, "dlx")}/publish`, { routingKey: "x" });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toMatch(/payload/);
    const extra = await post(`/api/v1/sources/rabbit/exchanges/${queueIdOf(vh.name, "dlx")}/publish`, { payload: "x", propertys: {} });
    expect(extra.status).toBe(400);
    expect(extra.json.error.message).toMatch(/propertys/);
    const prio = await post(`/api/v1/sources/rabbit/exchanges/${queueIdOf(vh.name, "dlx")}/publish`, { payload: "x", properties: { priority: 1000 } });
    expect(prio.json.error.message).toMatch(/properties\.priority/);
  });

  it("purges and audits the count; viewers may not", async () => {
    expect((await admin.post("/api/v1/users", { username: "vera", password: "viewer-password-1", role: "viewer" })).status).toBe(201);
    const vera = new ApiClient(server.url);
    await vera.post("/api/v1/session", { username: "vera", password: "viewer-password-1" });
    expect((await call(vera, "POST", `/api/v1/sources/rabbit/queues/${id("emails")}/purge`)).status).toBe(403);
    // A peek is a viewer's read, even as a POST.
    expect((await call(vera, "POST", `/api/v1/sources/rabbit/queues/${id("emails")}/messages/peek`, { limit: 5 })).status).toBe(200);
    expect(await vh.depth("emails")).toBe(1);
    // The refusal is audited like BullMQ's, naming the queue the way people read it.
    const denied = await get("/api/v1/audit?source=rabbit&action=queue.purge");
    expect(denied.json.items[0]).toMatchObject({ outcome: "denied", actor: "vera", target: `emails (vhost ${vh.name})`, error: "needs operator, has viewer" });

    const r = await post(`/api/v1/sources/rabbit/queues/${id("emails")}/purge`);
    expect(r.json).toEqual({ purged: 1 });
    expect(await vh.depth("emails")).toBe(0);
    const audit = await get("/api/v1/audit?source=rabbit&action=queue.purge");
    expect(audit.json.items[0]).toMatchObject({ outcome: "ok", counts: { purged: 1 }, target: rabbitName(vh.name, "emails"), actor: "admin" });
  });

  it("replays as an operation to its final report, audited with counts", async () => {
    const r = await post(`/api/v1/sources/rabbit/queues/${id("orders.dlq")}/replay`, { ratePerSecond: 1000 });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ operationId: expect.any(String), total: 3, note: expect.stringMatching(/at most 250 in-flight/) });
    const op = await poll("replay done", async () => {
      const o = await get(`/api/v1/operations/${r.json.operationId}`);
      return o.json.status === "running" ? undefined : o.json;
    });
    expect(op).toMatchObject({ status: "done", done: 3, total: 3, failed: 0, skipped: 0 });
    expect(await vh.depth("orders.dlq")).toBe(0);
    expect(await vh.depth("orders")).toBe(3);
    const audit = await get("/api/v1/audit?source=rabbit&action=queue.replay.finished");
    expect(audit.json.items[0]).toMatchObject({ outcome: "ok", counts: { total: 3, moved: 3, failed: 0, skipped: 0 }, target: rabbitName(vh.name, "orders.dlq") });
    expect(op.target).toBe(`${rabbitName(vh.name, "orders.dlq")} → original exchanges and routing keys`);
  });

  it("cancels a slow replay over HTTP with every message in the DLQ or moved, none lost", async () => {
    const ch = await vh.confirmChannel();
    await ch.assertQueue("refunds.dlq", { durable: true });
    await ch.bindQueue("refunds.dlq", "dlx", "refunds");
    await ch.assertQueue("refunds", { durable: true, arguments: { "x-dead-letter-exchange": "dlx" } });
    await ch.close();
    const N = 40;
    await vh.deadLetter("refunds", Array.from({ length: N }, (_, i) => `refund ${i}`), { reason: "rejected" });
    await poll("40 dead letters", async () => ((await vh.depth("refunds.dlq")) === N ? true : undefined));

    const r = await post(`/api/v1/sources/rabbit/queues/${id("refunds.dlq")}/replay`, { ratePerSecond: 5 });
    expect(r.status).toBe(200);
    await poll("a few moved", async () => ((await get(`/api/v1/operations/${r.json.operationId}`)).json.done >= 2 ? true : undefined));
    const cancel = await post(`/api/v1/operations/${r.json.operationId}/cancel`, {});
    expect(cancel.status).toBe(200);
    const op = await poll("replay stopped", async () => {
      const o = await get(`/api/v1/operations/${r.json.operationId}`);
      return o.json.status === "running" ? undefined : o.json;
    });
    expect(op.status).toBe("cancelled");
    expect(op.done).toBeGreaterThanOrEqual(2);
    expect(op.done).toBeLessThan(N);
    // Read back from the broker: what moved is in the origin, the rest is still dead-lettered.
    const [left, moved] = [await vh.depth("refunds.dlq"), await vh.depth("refunds")];
    expect(moved).toBe(op.done);
    expect(left + moved).toBe(N);
  });

  it("rejects bad replay bodies field by field, and unknown targets with 404", async () => {
    const url = `/api/v1/sources/rabbit/queues/${id("payments.dlq")}/replay`;
    for (const [body, field] of [
      [{ ratePerSecond: -1 }, "ratePerSecond"],
      [{ reason: "bored" }, "reason"],
      [{ limit: 1.5 }, "limit"],
      [{ target: "" }, "target"],
      [{ mode: "sideways" }, "mode"],
      [{ keys: [] }, "keys"],
    ] as const) {
      const b = await post(url, body);
      expect(b.status, JSON.stringify(body)).toBe(400);
      expect(b.json.error.message).toMatch(new RegExp(`^${field}`));
    }
    expect((await post(url, { target: "no-such-queue" })).status).toBe(404);
    expect((await post(`/api/v1/sources/rabbit/queues/${id("payments.dlq")}/delayed-retry`, { delayMs: 5 })).json.error.message).toMatch(/^delayMs/);
    expect((await post(`/api/v1/sources/rabbit/queues/${id("payments.dlq")}/move`, {})).json.error.message).toMatch(/^target/);
  });
});

describe("management API unreachable, AMQP fine", () => {
  it("shows the source up but degraded, serves no crash, and message actions still work", async () => {
    const src = await poll("degraded source", async () => {
      const items = (await get("/api/v1/sources")).json.items as any[];
      const s = items.find((x) => x.id === "nomgmt");
      return s?.degraded ? s : undefined;
    });
    expect(src).toMatchObject({ status: "up", degraded: expect.stringMatching(/^management API unreachable/) });
    const list = await get("/api/v1/sources/nomgmt/queues");
    expect(list.status).toBe(200);
    expect(list.json.items).toEqual([]);
    const peek = await post(`/api/v1/sources/nomgmt/queues/${id("payments.dlq")}/messages/peek`, { limit: 10 });
    expect(peek.status).toBe(200);
    expect(peek.json.items.map((m: any) => m.payload.text).sort()).toEqual(["p1", "p2"]);
    const detail = await get(`/api/v1/sources/nomgmt/queues/${id("payments.dlq")}`);
    expect(detail.json).toMatchObject({ name: "payments.dlq", ready: 2 });
    expect((await get("/api/v1/sources")).status).toBe(200);
  });
});

/** One GET with node:http (fetch would decompress): status, headers and the raw body bytes. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

describe("the queue list on the wire", () => {
  it("reaches the pages gzipped once a tick, other clients plain or HTTP-gzipped: the same list every way", async () => {
    const names = Array.from({ length: 40 }, (_, i) => `wire.q${String(i).padStart(2, "0")}`);
    const ch = await vh.confirmChannel();
    for (const n of names) await ch.assertQueue(n, { durable: false });
    await ch.close();
    try {
      await poll("the 40 queues listed", async () => ((await ours()).filter((q) => names.includes(q.name)).length === 40 ? true : undefined));
      const url = `${server.url}/api/v1/sources/rabbit/queues`;
      const cookie = admin.cookieHeader();
      const page = { cookie, "accept-encoding": "gzip, deflate, br, zstd", [GZIP_BODY_HEADER]: GZIP_BODY };
      const reads = await Promise.all([rawGet(url, page), rawGet(url, page), rawGet(url, { cookie, "accept-encoding": "gzip" }), rawGet(url, { cookie })]);
      const [pageRead, pageAgain, httpGzip, plain] = reads;
      for (const r of reads) expect(r.status).toBe(200);
      // The page's read: the gzip is the body (not gzipped again by Next.js), named as such.
      expect(pageRead.headers["content-type"]).toBe("application/gzip");
      expect(pageRead.headers[GZIP_BODY_HEADER]).toBe(GZIP_BODY);
      expect(pageRead.headers["content-encoding"]).toBeUndefined();
      expect(httpGzip.headers["content-encoding"]).toBe("gzip");
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.headers["content-type"]).toBe("application/json");
      type List = { items: { vhost: string; name: string }[]; sampledAt: string };
      const texts = [gunzipSync(pageRead.body), gunzipSync(pageAgain.body), gunzipSync(httpGzip.body), plain.body];
      const lists = texts.map((t) => JSON.parse(t.toString("utf8")) as List);
      for (const list of lists) {
        expect(list.items.filter((q) => q.vhost === vh.name && names.includes(q.name)).map((q) => q.name).sort()).toEqual(names);
      }
      // One tick's list is one serialization, and one gzip of it: every read gets the same bytes.
      if (lists[0]!.sampledAt === lists[1]!.sampledAt) expect(pageAgain.body.equals(pageRead.body)).toBe(true);
      for (const [i, t] of texts.entries()) if (lists[i]!.sampledAt === lists[3]!.sampledAt) expect(t.equals(plain.body)).toBe(true);
      expect(pageRead.body.length).toBeLessThan(plain.body.length / 4);
    } finally {
      const del = await vh.confirmChannel();
      for (const n of names) await del.deleteQueue(n);
      await del.close();
    }
  });
});
