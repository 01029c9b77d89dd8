// Message operations of the RabbitMQ adapter on the real broker: peek, purge, publish,
// replay, delayed retry, shovel move. Everything happens in a vhost of this run whose name
// has a slash and a space, with queue names that have spaces and non-ASCII letters.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OperationProgress, OperationView } from "@/server/actions/operations";
import { createRabbitmqAdapter, type RabbitmqAdapter } from "@/server/brokers/rabbitmq/adapter";
import { queueId } from "@/server/brokers/rabbitmq/map";
import { retryQueueName } from "@/server/brokers/rabbitmq/deciders";
import { DomainError } from "@/server/errors";
import { rabbitAmqpUrl, rabbitManagementUrl } from "../support/brokers";
import { mgmtApi, poll, TestVhost } from "../support/rabbitmq";

const vh = new TestVhost("/team a");
const ORIGIN = "Bestellungen für Jürgen ✓";
const DLQ = `${ORIGIN}.dlq`;
const OTHER = "andere Warteschlange";
let adapter: RabbitmqAdapter;
const q = (name: string) => queueId(vh.name, name);
const ops = () => adapter.ops.replay; // one MessageOps serves peek, purge, publish and replay

function progress(): { p: OperationProgress; view: Partial<OperationView>; abort: () => void } {
  const view: Partial<OperationView> = {};
  const c = new AbortController();
  return { p: { update: (x) => Object.assign(view, x), signal: c.signal }, view, abort: () => c.abort() };
}

beforeAll(async () => {
  await vh.create();
  const ch = await vh.confirmChannel();
  await ch.assertExchange("dlx", "direct", { durable: true });
  await ch.assertExchange("orders.in", "topic", { durable: true });
  await ch.assertQueue(DLQ, { durable: true });
  await ch.bindQueue(DLQ, "dlx", ORIGIN);
  // Dead letters keep the routing key they were published with (no dead-letter routing key set).
  for (const key of ["orders.eu", "orders.x"]) await ch.bindQueue(DLQ, "dlx", key);
  await ch.assertQueue(ORIGIN, { durable: true, arguments: { "x-dead-letter-exchange": "dlx" } });
  await ch.bindQueue(ORIGIN, "orders.in", "orders.#");
  await ch.assertQueue(OTHER, { durable: true });
  await ch.close();
  adapter = createRabbitmqAdapter({ id: "msgs", kind: "rabbitmq", name: "t", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() });
  await adapter.connect();
});

afterAll(async () => {
  await adapter?.close();
  await vh.delete();
});

async function reset(): Promise<void> {
  for (const name of [ORIGIN, DLQ, OTHER]) await ops().purge(q(name));
}

describe("peek", () => {
  it("decodes binary, 1 MiB and invalid-JSON payloads with x-death, and loses nothing", async () => {
    await reset();
    const binary = crypto.randomBytes(300);
    binary[0] = 0; // surely not text
    const big = JSON.stringify({ data: "x".repeat(1024 * 1024) });
    await vh.deadLetter(ORIGIN, [binary, Buffer.from(big), "{not json", '{"ok":true}'], { reason: "rejected" });
    await poll("dead letters", async () => ((await vh.depth(DLQ)) === 4 ? true : undefined));

    const res = await ops().peek(q(DLQ), 10);
    expect(res.items).toHaveLength(4);
    const [b, m, t, j] = res.items;
    expect(b!.payload.encoding).toBe("binary");
    expect(Buffer.from(b!.payload.base64!, "base64").equals(binary)).toBe(true);
    expect(m!.truncated).toBe(true);
    expect(m!.size).toBe(Buffer.byteLength(big));
    expect(m!.payload.text.length).toBe(64 * 1024);
    expect(t!.payload).toMatchObject({ encoding: "text", text: "{not json", truncated: false });
    expect(j!.payload).toMatchObject({ encoding: "json", text: '{\n  "ok": true\n}' });
    expect(j!.deaths).toEqual([
      { reason: "rejected", queue: ORIGIN, exchange: "", routingKeys: [ORIGIN], count: 1, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    ]);
    expect(j!.headers["x-death"]).toBeInstanceOf(Array);
    expect(JSON.stringify(res)).toBeTruthy();
    // Requeued: all four are still there, and a second peek sees the same messages.
    expect(await vh.depth(DLQ)).toBe(4);
    const again = await ops().peek(q(DLQ), 2);
    expect(again.items.map((i) => i.key)).toEqual(res.items.slice(0, 2).map((i) => i.key));
    expect(again.items[0]!.redelivered).toBe(true);
  });

  it("answers 404 for an unknown queue and keeps the channel errors to itself", async () => {
    await expect(ops().peek(q("nope"), 1)).rejects.toMatchObject({ code: "not_found" });
    await expect(ops().peek("not an id!", 1)).rejects.toBeInstanceOf(DomainError);
    expect((await ops().peek(q(DLQ), 1)).items).toHaveLength(1);
  });
});

describe("purge and publish", () => {
  it("purge answers the broker's count", async () => {
    const before = await vh.depth(DLQ);
    expect(before).toBeGreaterThan(0);
    expect(await ops().purge(q(DLQ))).toEqual({ purged: before });
    expect(await vh.depth(DLQ)).toBe(0);
  });

  it("publishes with routing key, properties and headers; says when nothing was routed", async () => {
    await reset();
    const r = await ops().publish(q("orders.in"), {
      routingKey: "orders.created",
      payload: Buffer.from([1, 2, 3]).toString("base64"),
      payloadEncoding: "base64",
      properties: { contentType: "application/octet-stream", messageId: "pub-1", priority: 3, type: "test" },
      headers: { tenant: "acme", n: 7, flag: true },
    });
    expect(r).toEqual({ routed: true });
    const [m] = (await ops().peek(q(ORIGIN), 1)).items;
    expect(m!.payload.base64).toBe("AQID");
    expect(m!.properties).toMatchObject({ contentType: "application/octet-stream", messageId: "pub-1", priority: 3, type: "test", deliveryMode: 2 });
    expect(m!.headers).toEqual({ tenant: "acme", n: 7, flag: true });
    expect(m!.routingKey).toBe("orders.created");
    expect(await ops().publish(q("orders.in"), { routingKey: "nobody.listens", payload: "x", payloadEncoding: "text", properties: {}, headers: {} })).toEqual({ routed: false });
    await expect(ops().publish(q("no-such-exchange"), { routingKey: "", payload: "x", payloadEncoding: "text", properties: {}, headers: {} })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("replay", () => {
  it("moves dead letters back where they died (exchange + routing keys), keeping x-death", async () => {
    await reset();
    await vh.deadLetter(ORIGIN, ["a", "b", "c"], { exchange: "orders.in", routingKey: "orders.eu", messageIds: true });
    await poll("dead letters", async () => ((await vh.depth(DLQ)) === 3 ? true : undefined));
    const prepared = await ops().replay(q(DLQ), { mode: "origin" });
    expect(prepared.total).toBe(3);
    const { p } = progress();
    expect(await prepared.run(p)).toMatchObject({ moved: 3, failed: 0, skipped: 0 });
    expect(await vh.depth(DLQ)).toBe(0);
    const back = await vh.drain(ORIGIN, 3);
    expect(back.map((m) => m.content.toString()).sort()).toEqual(["a", "b", "c"]);
    const death = (back[0]!.headers["x-death"] as Record<string, unknown>[])[0]!;
    expect(death).toMatchObject({ reason: "expired", queue: ORIGIN, exchange: "orders.in", "routing-keys": ["orders.eu"] });
  });

  it("filters by reason and by picked keys; skipped messages stay in the DLQ", async () => {
    await reset();
    await vh.deadLetter(ORIGIN, ["e1", "e2"], { reason: "expired" });
    await vh.deadLetter(ORIGIN, ["r1", "r2", "r3"], { reason: "rejected" });
    await poll("dead letters", async () => ((await vh.depth(DLQ)) === 5 ? true : undefined));
    const { p } = progress();
    expect(await (await ops().replay(q(DLQ), { mode: "origin", reason: "rejected" })).run(p)).toEqual({
      moved: 3,
      failed: 0,
      skipped: 2,
      // What the replay read and left behind, for the dead-letter inbox's reasons.
      left: { reasons: [{ message: "expired", count: 2 }], unseen: 0 },
    });
    expect(await vh.depth(DLQ)).toBe(2);
    expect(await vh.depth(ORIGIN)).toBe(3);

    const [first] = (await ops().peek(q(DLQ), 1)).items;
    const picked = await (await ops().replay(q(DLQ), { mode: "origin", target: OTHER, keys: [first!.key] })).run(progress().p);
    expect(picked.moved).toBe(1);
    const moved = await vh.drain(OTHER, 1);
    expect(moved[0]!.content.toString()).toBe(first!.payload.text);
    expect(await vh.depth(DLQ)).toBe(1);
  });

  it("counts unroutable copies as failed and leaves their originals in the DLQ", async () => {
    await reset();
    await vh.deadLetter(ORIGIN, ["u1", "u2"], { exchange: "orders.in", routingKey: "orders.x" });
    await poll("dead letters", async () => ((await vh.depth(DLQ)) === 2 ? true : undefined));
    const ch = await vh.confirmChannel();
    await ch.unbindQueue(ORIGIN, "orders.in", "orders.#");
    try {
      const r = await (await ops().replay(q(DLQ), { mode: "origin" })).run(progress().p);
      expect(r).toMatchObject({ moved: 0, failed: 2, skipped: 0 });
      expect(await vh.depth(DLQ)).toBe(2);
      expect(await vh.depth(ORIGIN)).toBe(0);
    } finally {
      await ch.bindQueue(ORIGIN, "orders.in", "orders.#");
      await ch.close();
    }
  });

  it("keeps to the chosen rate", async () => {
    await reset();
    await vh.deadLetter(ORIGIN, Array.from({ length: 60 }, (_, i) => `r${i}`));
    await poll("dead letters", async () => ((await vh.depth(DLQ)) === 60 ? true : undefined));
    const started = Date.now();
    const r = await (await ops().replay(q(DLQ), { mode: "origin-queue", ratePerSecond: 100, limit: 50 })).run(progress().p);
    const took = Date.now() - started;
    expect(r.moved).toBe(50);
    expect(took).toBeGreaterThan(400);
    expect(await vh.depth(DLQ)).toBe(10);
    expect(await vh.depth(ORIGIN)).toBe(50);
  });

  it("refuses a target queue that does not exist, or the source itself", async () => {
    await expect(ops().replay(q(DLQ), { mode: "origin", target: "missing" })).rejects.toMatchObject({ code: "not_found" });
    await expect(ops().replay(q(DLQ), { mode: "origin", target: DLQ })).rejects.toMatchObject({ code: "invalid" });
  });

  it("stops on cancel with every message in the DLQ or moved, none lost", async () => {
    await reset();
    await vh.deadLetter(ORIGIN, Array.from({ length: 300 }, (_, i) => `c${i}`));
    await poll("dead letters", async () => ((await vh.depth(DLQ)) === 300 ? true : undefined));
    const { p, view, abort } = progress();
    const running = (await ops().replay(q(DLQ), { mode: "origin-queue", ratePerSecond: 200 })).run(p);
    await poll("some moved", async () => ((view.done ?? 0) >= 40 ? true : undefined));
    abort();
    const r = await running;
    expect(r.moved).toBeGreaterThanOrEqual(40);
    expect(r.moved).toBeLessThan(300);
    expect(r).toMatchObject({ failed: 0, skipped: 0 });
    expect(await vh.depth(ORIGIN)).toBe(r.moved);
    expect(await vh.depth(DLQ)).toBe(300 - r.moved);
  });
});

describe("streams", () => {
  it("peeks a stream from its first offset and refuses to move out of it", async () => {
    const ch = await vh.confirmChannel();
    await ch.assertQueue("events", { durable: true, arguments: { "x-queue-type": "stream" } });
    for (const e of ["e1", "e2", "e3"]) ch.sendToQueue("events", Buffer.from(e));
    await ch.waitForConfirms();
    await ch.close();
    // The adapter learns the type from its listing: sample once it shows.
    await poll("stream in the listing", async () => {
      const s = await adapter.sample();
      return (s.lists.queues as { name: string; vhost: string; type: string }[]).some((x) => x.vhost === vh.name && x.name === "events" && x.type === "stream") ? true : undefined;
    });
    const res = await ops().peek(q("events"), 2);
    expect(res.items.map((m) => m.payload.text)).toEqual(["e1", "e2"]);
    expect(res.note).toMatch(/^Streams keep their messages/);
    expect((await ops().peek(q("events"), 10)).items).toHaveLength(3);
    await expect(ops().replay(q("events"), { mode: "origin" })).rejects.toMatchObject({ code: "invalid" });
  });
});

describe("delayed retry and shovel move", () => {
  it("parks dead letters in a TTL queue that sends them back to their origin after the delay", async () => {
    await reset();
    await vh.deadLetter(ORIGIN, ["d1", "d2"], { reason: "rejected" });
    await poll("dead letters", async () => ((await vh.depth(DLQ)) === 2 ? true : undefined));
    const r = await (await ops().delayedRetry(q(DLQ), { delayMs: 1500 })).run(progress().p);
    expect(r).toEqual({ moved: 2, failed: 0, skipped: 0 });
    const retry = retryQueueName(ORIGIN, 1500);
    const info = (await (await mgmtApi("GET", `/api/queues/${vh.path}/${encodeURIComponent(retry)}`)).json()) as { arguments: Record<string, unknown> };
    expect(info.arguments).toMatchObject({ "x-message-ttl": 1500, "x-dead-letter-exchange": "", "x-dead-letter-routing-key": ORIGIN });
    expect(await vh.depth(ORIGIN)).toBe(0);
    await poll("messages back in the origin", async () => ((await vh.depth(ORIGIN)) === 2 ? true : undefined), 10_000);
    expect(await vh.depth(retry)).toBe(0);
  });

  it("moves a whole queue broker-side with a temporary shovel", async () => {
    await reset();
    const ch = await vh.confirmChannel();
    for (let i = 0; i < 500; i++) ch.sendToQueue(DLQ, Buffer.from(`s${i}`), { persistent: true });
    await ch.waitForConfirms();
    await ch.close();
    const prepared = await ops().moveAll(q(DLQ), OTHER);
    expect(prepared.total).toBe(500);
    const { p, view } = progress();
    expect(await prepared.run(p)).toEqual({ moved: 500, failed: 0, skipped: 0 });
    expect(view.done).toBe(500);
    expect(await vh.depth(DLQ)).toBe(0);
    expect(await vh.depth(OTHER)).toBe(500);
    const shovels = (await (await mgmtApi("GET", `/api/parameters/shovel/${vh.path}`)).json()) as unknown[];
    expect(shovels).toEqual([]);
  });
});
