// RabbitMQ for the contract battery: a vhost of this run's own (a "/" and non-ASCII in its name,
// so ids must encode them) with a dead-letter route holding real dead letters, a queue to peek,
// one to purge and an exchange to publish to. The vhost goes, with everything in it, at the end.
import { expect } from "vitest";
import { rabbitAmqpUrl, rabbitManagementUrl } from "../brokers";
import { poll, TestVhost } from "../rabbitmq";
import { listItem, ok } from "./api";
import { DOWN_PORT, DOWN_SECRET, type ContractContext, type Json, type KindFixture } from "./types";

const PEEK = "inbox";
const PURGE = "Papierkorb für Jürgen ✓";
const ORIGIN = "orders";
const DLQ = "orders.dlq";
const EXCHANGE = "notes";
const PUBLISHED = "published";
const PEEKED = ["hello 1", "hello 2"];
const TRASH = 4;
const DEAD = 3;

export function rabbitmqFixture(): KindFixture {
  const vh = new TestVhost("/contract ✓");
  const inVhost = (item: Json) => item.vhost === vh.name;
  const queue = (ctx: ContractContext, name: string, what = `queue ${name} in the snapshot`) =>
    listItem(ctx, "queues", what, (q) => inVhost(q) && q.name === name);
  const exchange = (ctx: ContractContext) => listItem(ctx, "exchanges", `exchange ${EXCHANGE}`, (e) => inVhost(e) && e.name === EXCHANGE);
  const target = (name: string) => `${name} (vhost ${vh.name})`;

  return {
    kind: "rabbitmq",
    source: { id: "ct-rabbitmq", kind: "rabbitmq", name: "Contract RabbitMQ", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() },
    downSource: {
      id: "ct-rabbitmq-down",
      kind: "rabbitmq",
      name: "Contract RabbitMQ (down)",
      amqpUrl: `amqp://guest:${DOWN_SECRET}@127.0.0.1:${DOWN_PORT}`,
      managementUrl: `http://guest:${DOWN_SECRET}@127.0.0.1:${DOWN_PORT}`,
    },

    async setup() {
      await vh.create();
      const ch = await vh.confirmChannel();
      await ch.assertExchange("dlx", "direct", { durable: true });
      await ch.assertQueue(DLQ, { durable: true });
      await ch.bindQueue(DLQ, "dlx", ORIGIN);
      await ch.assertQueue(ORIGIN, { durable: true, arguments: { "x-dead-letter-exchange": "dlx" } });
      await ch.assertQueue(PEEK, { durable: true });
      await ch.assertQueue(PURGE, { durable: true });
      await ch.assertExchange(EXCHANGE, "direct", { durable: true });
      await ch.assertQueue(PUBLISHED, { durable: true });
      await ch.bindQueue(PUBLISHED, EXCHANGE, "note");
      for (const body of PEEKED) ch.sendToQueue(PEEK, Buffer.from(body), { persistent: true });
      for (let i = 0; i < TRASH; i++) ch.sendToQueue(PURGE, Buffer.from(`trash ${i}`), { persistent: true });
      await ch.waitForConfirms();
      await ch.close();
      await vh.deadLetter(ORIGIN, Array.from({ length: DEAD }, (_, i) => `order ${i}`), { reason: "rejected" });
    },

    cleanup: () => vh.delete(),

    ours: (_list, item) => inVhost(item),

    exercises: {
      async queues(ctx) {
        const dlq = await listItem(ctx, "queues", `${DLQ} holding ${DEAD}`, (q) => inVhost(q) && q.name === DLQ && q.depth === DEAD);
        const detail = await ok(ctx.admin.get(`${ctx.base}/queues/${encodeURIComponent(dlq.id)}`), "queue detail");
        expect(detail).toMatchObject({ id: dlq.id, name: DLQ, vhost: vh.name, depth: DEAD });
      },

      async deadLetters(ctx) {
        const dlq = await listItem(ctx, "dead-letters", `${DLQ} among the dead letters`, (d) => inVhost(d) && d.name === DLQ && d.depth === DEAD);
        expect(dlq.origins.map((o: Json) => o.name)).toEqual([ORIGIN]);
      },

      async peek(ctx) {
        const q = await queue(ctx, PEEK);
        const peeked = await ok(ctx.admin.post(`${ctx.base}/queues/${encodeURIComponent(q.id)}/messages/peek`, { limit: 10 }), "peek");
        expect(peeked.items.map((m: Json) => m.payload.text)).toEqual(PEEKED);
        expect(await vh.depth(PEEK)).toBe(PEEKED.length); // looked at, not consumed
      },

      async purge(ctx) {
        const q = await queue(ctx, PURGE);
        expect(await ok(ctx.admin.post(`${ctx.base}/queues/${encodeURIComponent(q.id)}/purge`), "purge")).toEqual({ purged: TRASH });
        expect(await vh.depth(PURGE)).toBe(0);
      },

      async publish(ctx) {
        const ex = await exchange(ctx);
        const payload = `published by the contract battery ${vh.name}`;
        const res = await ok(ctx.admin.post(`${ctx.base}/exchanges/${encodeURIComponent(ex.id)}/publish`, { routingKey: "note", payload }), "publish");
        expect(res).toEqual({ routed: true });
        const [arrived] = await vh.drain(PUBLISHED, 1, 10_000);
        expect(arrived!.content.toString()).toBe(payload);
      },

      async replay(ctx) {
        const dlq = await queue(ctx, DLQ);
        const started = await ok(ctx.admin.post(`${ctx.base}/queues/${encodeURIComponent(dlq.id)}/replay`, {}), "replay");
        const op = await poll("the replay to finish", async () => {
          const o = (await ctx.admin.get(`/api/v1/operations/${started.operationId}`)).json;
          return o?.status === "running" ? undefined : o;
        });
        expect(op).toMatchObject({ status: "done", done: DEAD, failed: 0 });
        expect(await vh.depth(DLQ)).toBe(0);
        expect(await vh.depth(ORIGIN)).toBe(DEAD);
      },
    },

    viewerAttempts: {
      purge: async (ctx) => ({ method: "POST", path: `queues/${encodeURIComponent((await queue(ctx, PURGE)).id)}/purge`, target: target(PURGE) }),
      publish: async (ctx) => ({
        method: "POST",
        path: `exchanges/${encodeURIComponent((await exchange(ctx)).id)}/publish`,
        body: { routingKey: "note", payload: "a viewer's try" },
        target: target(EXCHANGE),
      }),
      replay: async (ctx) => ({ method: "POST", path: `queues/${encodeURIComponent((await queue(ctx, DLQ)).id)}/replay`, body: {}, target: target(DLQ) }),
    },
  };
}
