// Per-vhost connections of the RabbitMQ adapter on the real broker: an unknown vhost is a 404
// that keeps nothing, the pool of vhost connections is bounded and closes idle ones (seen both
// in the adapter and in RabbitMQ's own connection list).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRabbitmqAdapter, type RabbitmqAdapter } from "@/server/brokers/rabbitmq/adapter";
import { queueId } from "@/server/brokers/rabbitmq/map";
import { rabbitAmqpUrl, rabbitManagementUrl, runId } from "../support/brokers";
import { mgmtApi, poll, TestVhost } from "../support/rabbitmq";

const vhosts = [new TestVhost("-links-a"), new TestVhost("-links-b"), new TestVhost("-links-c")];
/** A vhost that exists but where guest has no permission. */
const closedVhost = `${runId()}-links-closed`;
const SOURCE = `links-${runId()}`;
let adapter: RabbitmqAdapter;

const config = (id: string) => ({ id, kind: "rabbitmq" as const, name: "t", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() });

/** Connections RabbitMQ lists for one of our sources (their names start with queuedeck:<id> (vhost)). */
async function brokerConnections(source: string): Promise<string[]> {
  const list = (await (await mgmtApi("GET", "/api/connections?columns=client_properties.connection_name")).json()) as {
    client_properties?: { connection_name?: string };
  }[];
  return list.map((c) => c.client_properties?.connection_name ?? "").filter((n) => n.startsWith(`queuedeck:${source} (`));
}

beforeAll(async () => {
  for (const v of vhosts) {
    await v.create();
    const ch = await v.confirmChannel();
    await ch.assertQueue("inbox", { durable: true });
    ch.sendToQueue("inbox", Buffer.from(`hello ${v.name}`), { persistent: true });
    await ch.waitForConfirms();
    await ch.close();
  }
  await mgmtApi("PUT", `/api/vhosts/${encodeURIComponent(closedVhost)}`, {});
  // The management API gives the creating user access to a new vhost: take it back.
  await mgmtApi("DELETE", `/api/permissions/${encodeURIComponent(closedVhost)}/guest`);
  adapter = createRabbitmqAdapter(config(SOURCE));
  await adapter.connect();
});

afterAll(async () => {
  await adapter?.close();
  for (const v of vhosts) await v.delete();
  await mgmtApi("DELETE", `/api/vhosts/${encodeURIComponent(closedVhost)}`);
});

describe("unknown vhosts", () => {
  it("answers not_found naming the vhost and the source, and keeps no link for it", async () => {
    const vhost = `${runId()}-no such vhost`;
    await expect(adapter.ops.peek.peek(queueId(vhost, "inbox"), 1)).rejects.toMatchObject({
      code: "not_found",
      message: `vhost "${vhost}" does not exist on ${SOURCE}`,
    });
    // Every other per-vhost call answers the same.
    const notFound = { code: "not_found", message: `vhost "${vhost}" does not exist on ${SOURCE}` };
    await expect(adapter.ops.purge.purge(queueId(vhost, "inbox"))).rejects.toMatchObject(notFound);
    await expect(adapter.ops.publish.publish(queueId(vhost, ""), { routingKey: "inbox", payload: "x", payloadEncoding: "text", headers: {}, properties: {} })).rejects.toMatchObject(notFound);
    await expect(adapter.ops.replay.replay(queueId(vhost, "inbox.dlq"), { mode: "origin" })).rejects.toMatchObject(notFound);
    await expect(adapter.ops.replay.moveAll(queueId(vhost, "inbox"), "other")).rejects.toMatchObject(notFound);
    expect(await adapter.queueDetail?.(queueId(vhost, "inbox"))).toBeUndefined();
    expect(adapter.vhostLinkCount()).toBe(0);
  });

  it("keeps the pool empty after 200 distinct unknown vhosts, and still serves a real one", async () => {
    const names = Array.from({ length: 200 }, (_, i) => `${runId()}-ghost-${i}`);
    for (let i = 0; i < names.length; i += 20) {
      const batch = names.slice(i, i + 20).map((n) => adapter.ops.peek.peek(queueId(n, "inbox"), 1).then(() => "ok", (e: { code?: string }) => e.code));
      expect(await Promise.all(batch)).toEqual(Array(20).fill("not_found"));
    }
    expect(adapter.vhostLinkCount()).toBe(0);
    const res = await adapter.ops.peek.peek(queueId(vhosts[0]!.name, "inbox"), 5);
    expect(res.items.map((m) => m.payload.text)).toEqual([`hello ${vhosts[0]!.name}`]);
    expect(adapter.vhostLinkCount()).toBe(1);
  });

  it("tells a vhost our user may not use (403) from one that does not exist", async () => {
    await expect(adapter.ops.peek.peek(queueId(closedVhost, "inbox"), 1)).rejects.toMatchObject({
      code: "broker_refused",
      message: `RabbitMQ refused our user access to vhost "${closedVhost}" on ${SOURCE}`,
    });
    expect(adapter.vhostLinkCount()).toBe(1);
  });
});

describe("bounded pool", () => {
  it("holds at most max vhost connections and closes the least recently used", async () => {
    const id = `bounded-${runId()}`;
    const small = createRabbitmqAdapter(config(id), { vhostLinks: { max: 2, idleMs: 10 * 60_000 } });
    try {
      for (const v of vhosts) {
        const res = await small.ops.peek.peek(queueId(v.name, "inbox"), 1);
        expect(res.items).toHaveLength(1);
        expect(small.vhostLinkCount()).toBeLessThanOrEqual(2);
      }
      expect(small.vhostLinkCount()).toBe(2);
      // RabbitMQ agrees: the first vhost's connection was closed, the two recent ones are open.
      const expected = [`queuedeck:${id} (${vhosts[1]!.name})`, `queuedeck:${id} (${vhosts[2]!.name})`].sort();
      await poll("the two recent vhost connections, and only them, on the broker", async () => {
        const names = (await brokerConnections(id)).sort();
        return JSON.stringify(names) === JSON.stringify(expected) ? true : undefined;
      });
    } finally {
      await small.close();
    }
    await poll("no connection left after close", async () => ((await brokerConnections(id)).length === 0 ? true : undefined));
  });

  it("closes a link nobody used for the idle time, without any further call", async () => {
    const id = `idle-${runId()}`;
    const idle = createRabbitmqAdapter(config(id), { vhostLinks: { idleMs: 1500 } });
    try {
      expect((await idle.ops.peek.peek(queueId(vhosts[0]!.name, "inbox"), 1)).items).toHaveLength(1);
      expect(idle.vhostLinkCount()).toBe(1);
      await poll("idle link closed", async () => (idle.vhostLinkCount() === 0 ? true : undefined), 10_000, 100);
      await poll("no vhost connection left on the broker", async () => ((await brokerConnections(id)).length === 0 ? true : undefined));
    } finally {
      await idle.close();
    }
  });
});
