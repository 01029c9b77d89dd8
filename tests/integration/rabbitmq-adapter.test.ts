import { connect, type ChannelModel } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrokerAdapter, Sample } from "@/server/brokers/adapter";
import { createRabbitmqAdapter, type RabbitmqAdapterOptions } from "@/server/brokers/rabbitmq/adapter";
import { parseQueueId, queueId, type RabbitQueue } from "@/server/brokers/rabbitmq/map";
import { rabbitAmqpUrl, rabbitManagementUrl, runId } from "../support/brokers";
import { deadPort, poll } from "../support/wait";

// Everything this file creates lives in its own vhost, deleted at the end: the broker
// is shared with other engineers and CI jobs.
const vhost = runId();
const mgmt = new URL(rabbitManagementUrl());
const auth = `Basic ${Buffer.from(`${decodeURIComponent(mgmt.username)}:${decodeURIComponent(mgmt.password)}`).toString("base64")}`;
const mgmtBase = `${mgmt.protocol}//${mgmt.host}`;

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${mgmtBase}${path}`, {
    method,
    headers: { authorization: auth, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok && res.status !== 404) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

const QUEUES = [
  { name: "orders", type: "classic", count: 7, args: {} },
  { name: "payments", type: "quorum", count: 5, args: { "x-queue-type": "quorum" } },
  { name: "Bestellungen für Jürgen – ñandú 東京", type: "classic", count: 3, args: { "x-max-priority": 4 } },
] as const;

// A management-API user of our own, limited to this run's vhost (see the paging test).
const viewer = `${vhost}-viewer`;
const viewerPassword = `pw${Math.random().toString(36).slice(2)}`;

const amqpUrlFor = (v: string) => `${rabbitAmqpUrl()}/${encodeURIComponent(v)}`;
const sourceId = `t-${vhost}`;
const adapters: BrokerAdapter[] = [];
function adapter(
  overrides: Partial<{ amqpUrl: string; managementUrl: string }> = {},
  options: RabbitmqAdapterOptions = {},
) {
  const a = createRabbitmqAdapter(
    {
      id: sourceId,
      kind: "rabbitmq",
      name: "test",
      amqpUrl: rabbitAmqpUrl(),
      managementUrl: rabbitManagementUrl(),
      ...overrides,
    },
    options,
  );
  adapters.push(a);
  return a;
}

const ours = (s: Sample) => (s.lists.queues as RabbitQueue[] | undefined ?? []).filter((q) => q.vhost === vhost);

let publisher: ChannelModel | undefined;

beforeAll(async () => {
  await api("PUT", `/api/vhosts/${encodeURIComponent(vhost)}`, {});
  await api("PUT", `/api/permissions/${encodeURIComponent(vhost)}/guest`, {
    configure: ".*",
    write: ".*",
    read: ".*",
  });
  await api("PUT", `/api/users/${encodeURIComponent(viewer)}`, { password: viewerPassword, tags: "management" });
  await api("PUT", `/api/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(viewer)}`, {
    configure: "",
    write: "",
    read: ".*",
  });
  publisher = await connect(amqpUrlFor(vhost));
  publisher.on("error", () => undefined);
  const ch = await publisher.createConfirmChannel();
  for (const q of QUEUES) {
    await ch.assertQueue(q.name, { durable: true, arguments: q.args });
    for (let i = 0; i < q.count; i++) ch.sendToQueue(q.name, Buffer.from(`${q.name} #${i}`));
  }
  await ch.waitForConfirms();
  await ch.close();
});

afterAll(async () => {
  await Promise.all(adapters.map((a) => a.close()));
  await publisher?.close().catch(() => undefined);
  await api("DELETE", `/api/vhosts/${encodeURIComponent(vhost)}`);
  await api("DELETE", `/api/users/${encodeURIComponent(viewer)}`);
});

describe("RabbitMQ adapter against a real broker", () => {
  it("samples every queue with its exact depth, type and metrics", async () => {
    const a = adapter();
    await a.connect();
    // The management API refreshes queue stats every ~5 s: poll until they show.
    const sample = await poll("queue stats", async () => {
      const s = await a.sample();
      const qs = ours(s);
      // Depth can show before state and consumers do (quorum queues report them later).
      const done = QUEUES.every((e) => {
        const q = qs.find((x) => x.name === e.name);
        return q?.depth === e.count && q.state !== null && q.consumers !== null;
      });
      return done ? s : undefined;
    });
    expect(sample.health.status).toBe("up");
    expect(sample.health.degraded).toBeUndefined();
    expect(sample.health.version).toMatch(/^RabbitMQ \d+\.\d+\.\d+ \(Erlang .+\)$/);

    const qs = ours(sample);
    expect(qs).toHaveLength(QUEUES.length);
    for (const e of QUEUES) {
      const q = qs.find((x) => x.name === e.name)!;
      expect(q).toMatchObject({
        vhost,
        type: e.type,
        state: "running",
        depth: e.count,
        ready: e.count,
        unacked: 0,
        consumers: 0,
      });
      expect(q.id).toBe(queueId(vhost, e.name));
      expect(q.id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(parseQueueId(q.id)).toEqual({ vhost, name: e.name });
      expect(q.rates.in).toBeGreaterThanOrEqual(0);
      expect(q.rates.out).toBeGreaterThanOrEqual(0);
      for (const [k, v] of Object.entries(e.args)) expect(q.arguments[k]).toBe(v);
      expect(sample.metrics).toContainEqual({ entity: `queue:${queueId(vhost, e.name)}`, metric: "depth", value: e.count });
      expect(sample.metrics.some((m) => m.entity === `queue:${queueId(vhost, e.name)}` && m.metric === "in")).toBe(true);
      expect(sample.metrics.some((m) => m.entity === `queue:${queueId(vhost, e.name)}` && m.metric === "out")).toBe(true);
    }
    expect(sample.stats.queues).toBeGreaterThanOrEqual(QUEUES.length);
    expect(sample.stats.messages).toBeGreaterThanOrEqual(15);
    expect(sample.metrics.find((m) => m.entity === "" && m.metric === "messages")?.value).toBe(sample.stats.messages);
  });

  it("reads every page of the listing, and says when it stops early", async () => {
    // A user tagged "management" sees only the vhosts it has permissions on: this one.
    // So the listing holds exactly our three queues, and page size 1 means three pages.
    const scoped = `http://${encodeURIComponent(viewer)}:${viewerPassword}@${mgmt.host}`;
    const a = adapter({ managementUrl: scoped }, { pageSize: 1 });
    const s = await poll("stats through the scoped user", async () => {
      const r = await a.sample();
      return r.stats.messages === 15 ? r : undefined;
    });
    expect(s.health.degraded).toBeUndefined();
    expect(ours(s).map((q) => q.name).sort()).toEqual(QUEUES.map((q) => q.name).sort());
    expect(s.stats).toEqual({ queues: 3, messages: 15, consumers: 0, deadLetters: 0 });

    const cut = await adapter({ managementUrl: scoped }, { pageSize: 1, maxPages: 2 }).sample();
    expect(cut.health.status).toBe("up");
    expect(cut.health.degraded).toBe("queue list truncated: 2 of 3 queues read this tick");
    expect(cut.lists.queues).toHaveLength(2);
    expect(cut.stats.queues).toBe(3);
  });

  it("is down, quickly and without the password, when AMQP is unreachable", async () => {
    const port = await deadPort();
    const a = adapter({ amqpUrl: `amqp://guest:Sup3rSecretPw@127.0.0.1:${port}` });
    const started = Date.now();
    const h = await a.health();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(h.status).toBe("down");
    expect(h.error).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(h)).not.toContain("Sup3rSecretPw");
    await expect(a.connect()).rejects.toThrow(/ECONNREFUSED/);
    const s = await a.sample();
    expect(s.health.status).toBe("down");
    expect(s.lists).toEqual({});
  });

  it("is down with the broker's own reason when the password is wrong", async () => {
    const a = adapter({ amqpUrl: rabbitAmqpUrl().replace("guest:guest", "guest:WrongPw123") });
    const h = await a.health();
    expect(h.status).toBe("down");
    expect(h.error).toMatch(/ACCESS.REFUSED|403/);
    expect(JSON.stringify(h)).not.toContain("WrongPw123");
  });

  it("is up but degraded when only the management API is unreachable", async () => {
    const port = await deadPort();
    const a = adapter({ managementUrl: `http://guest:MgmtSecret9@127.0.0.1:${port}` });
    const h = await a.health();
    expect(h.status).toBe("up");
    expect(h.degraded).toMatch(/^management API unreachable: .*ECONNREFUSED/);
    expect(h.version).toMatch(/^RabbitMQ \d+\.\d+/);
    expect(JSON.stringify(h)).not.toContain("MgmtSecret9");
    const s = await a.sample();
    expect(s.health.status).toBe("up");
    expect(s.health.degraded).toMatch(/^management API unreachable/);
  });

  it("reconnects lazily after the broker closes its connection", async () => {
    const a = adapter({ amqpUrl: amqpUrlFor(vhost) });
    await a.connect();
    const conn = await poll("our connection in the management API", async () => {
      const res = await api("GET", `/api/vhosts/${encodeURIComponent(vhost)}/connections`);
      const list = (await res.json()) as { name: string; client_properties?: { connection_name?: string } }[];
      return list.find((c) => c.client_properties?.connection_name === `queuedeck:${sourceId}`);
    });
    await api("DELETE", `/api/connections/${encodeURIComponent(conn.name)}`);
    // The forced close must not crash the process; a later probe opens a new connection
    // (a new client port, so a new connection name).
    const fresh = await poll("a new connection after the forced close", async () => {
      const r = await a.health();
      if (r.status !== "up") return undefined;
      const list = (await (await api("GET", `/api/vhosts/${encodeURIComponent(vhost)}/connections`)).json()) as {
        name: string;
        client_properties?: { connection_name?: string };
      }[];
      return list.find((c) => c.client_properties?.connection_name === `queuedeck:${sourceId}` && c.name !== conn.name);
    });
    expect(fresh.name).not.toBe(conn.name);
  });
});
