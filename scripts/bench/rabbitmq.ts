// RabbitMQ benchmark, one run on this machine (npm run bench:rabbitmq):
//  (a) moving 50,000 dead letters: QueueDeck's replay vs a broker-side shovel move vs a bare
//      amqplib consume -> publish-with-confirms -> ack pipe with the same in-flight window;
//  (b) one collector tick over 10,000 queues vs one bare paged listing of the management API.
// Everything lives in a vhost of its own (and a management user that sees only it), deleted at the end.
// Env: QUEUEDECK_RABBITMQ_PORT [5672], QUEUEDECK_RABBITMQ_MGMT_PORT [15672], BENCH_MESSAGES, BENCH_QUEUES.
import os from "node:os";
import fs from "node:fs";
import path from "node:path";
import { connect, type ChannelModel } from "amqplib";
import { createRabbitmqAdapter } from "@/server/brokers/rabbitmq/adapter";
import { IN_FLIGHT_WINDOW } from "@/server/brokers/rabbitmq/messages";
import { queueId } from "@/server/brokers/rabbitmq/map";
import { QUEUE_COLUMNS } from "@/server/brokers/rabbitmq/schemas";
import { SourceSampler } from "@/server/collector/sampler";
import { SeriesStore } from "@/server/store/series";
import { openDb } from "@/server/store/db";
import type { OperationProgress } from "@/server/actions/operations";

const env = process.env;
const AMQP = `amqp://guest:guest@127.0.0.1:${env.QUEUEDECK_RABBITMQ_PORT ?? 5672}`;
const MGMT = `http://127.0.0.1:${env.QUEUEDECK_RABBITMQ_MGMT_PORT ?? 15672}`;
const MESSAGES = Number(env.BENCH_MESSAGES ?? 50_000);
const QUEUES = Number(env.BENCH_QUEUES ?? 10_000);
const VHOST = `qdbench-${Date.now().toString(36)}`;
const USER = `${VHOST}-viewer`;
const USER_PW = `pw-${Math.random().toString(36).slice(2)}`;
const guest = `Basic ${Buffer.from("guest:guest").toString("base64")}`;
const log = (s: string) => console.log(s);

async function mgmt(method: string, p: string, body?: unknown, authorization = guest): Promise<unknown> {
  const res = await fetch(`${MGMT}${p}`, { method, headers: { authorization, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok && !(method === "DELETE" && res.status === 404)) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

async function depth(model: ChannelModel, q: string): Promise<number> {
  const ch = await model.createChannel();
  try {
    return (await ch.checkQueue(q)).messageCount;
  } finally {
    await ch.close();
  }
}

async function waitFor(what: string, fn: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > until) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** 50,000 real dead letters (x-death set by the broker) in `dlq`. */
async function fillDeadLetters(model: ChannelModel): Promise<void> {
  const ch = await model.createConfirmChannel();
  await ch.assertQueue("dlq", { durable: true });
  await ch.assertQueue("dst", { durable: true });
  await ch.assertQueue("origin", { durable: true, arguments: { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "dlq" } });
  const body = Buffer.from(JSON.stringify({ order: 1, customer: "c-123", items: [{ sku: "A-1", qty: 2 }], note: "x".repeat(120) }));
  for (let i = 0; i < MESSAGES; i++) {
    ch.publish("", "origin", body, { persistent: true, expiration: "0", messageId: `m-${i}`, contentType: "application/json" });
    if (i % 5000 === 4999) await ch.waitForConfirms();
  }
  await ch.waitForConfirms();
  await ch.close();
  await waitFor("dead letters", async () => (await depth(model, "dlq")) === MESSAGES);
}

/** The reference: what anyone would write with amqplib, with the same window as QueueDeck. */
async function barePipe(model: ChannelModel, from: string, to: string): Promise<void> {
  const src = await model.createChannel();
  const pub = await model.createConfirmChannel();
  await src.prefetch(IN_FLIGHT_WINDOW);
  let moved = 0;
  await new Promise<void>((resolve) => {
    void src.consume(from, (m) => {
      if (!m) return;
      pub.publish("", to, m.content, { ...m.properties, headers: m.properties.headers }, (err) => {
        if (err) return src.nack(m, false, true);
        src.ack(m);
        if (++moved === MESSAGES) resolve();
      });
    });
  });
  await src.close();
  await pub.close();
}

function fakeProgress(): OperationProgress {
  return { update: () => undefined, signal: new AbortController().signal };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

async function replayBench(model: ChannelModel): Promise<void> {
  log(`\n(a) moving ${MESSAGES.toLocaleString("en")} dead letters (~200 B JSON, persistent, durable classic queues; window ${IN_FLIGHT_WINDOW})`);
  await fillDeadLetters(model);
  const adapter = createRabbitmqAdapter({ id: "bench", kind: "rabbitmq", name: "bench", amqpUrl: AMQP, managementUrl: `http://guest:guest@${MGMT.slice(7)}` });
  await adapter.connect();
  const ops = adapter.ops.replay;
  const id = (q: string) => queueId(VHOST, q);
  const best: Record<string, number> = { bare: Infinity, queuedeck: Infinity, shovel: Infinity };
  // Two rounds, each moving the same messages dlq -> dst -> dlq -> ...; the best time of each counts.
  for (let round = 1; round <= 2; round++) {
    const bare = await timed(() => barePipe(model, "dlq", "dst"));
    const qd = await timed(async () => {
      const prepared = await ops.replay(id("dst"), { mode: "origin", target: "dlq" });
      const r = await prepared.run(fakeProgress());
      if (r.moved !== MESSAGES) throw new Error(`replay moved ${r.moved}`);
    });
    const shovel = await timed(async () => {
      const r = await (await ops.moveAll(id("dlq"), "dst")).run(fakeProgress());
      if (r.moved !== MESSAGES) throw new Error(`shovel moved ${r.moved}`);
      await waitFor("shovel done", async () => (await depth(model, "dst")) === MESSAGES);
    });
    // Back to the start for the next round.
    await barePipe(model, "dst", "dlq");
    log(`  round ${round}: bare ${bare.toFixed(2)} s, QueueDeck ${qd.toFixed(2)} s, shovel ${shovel.toFixed(2)} s`);
    best.bare = Math.min(best.bare!, bare);
    best.queuedeck = Math.min(best.queuedeck!, qd);
    best.shovel = Math.min(best.shovel!, shovel);
  }
  await adapter.close();
  const rate = (s: number) => Math.round(MESSAGES / s);
  log(`  bare amqplib pipe      : ${rate(best.bare!).toLocaleString("en")} msg/s`);
  log(`  QueueDeck replay       : ${rate(best.queuedeck!).toLocaleString("en")} msg/s  = ${(best.bare! / best.queuedeck!).toFixed(2)}x bare (target >= 0.8x)`);
  log(`  shovel move (broker)   : ${rate(best.shovel!).toLocaleString("en")} msg/s  = ${(best.bare! / best.shovel!).toFixed(2)}x bare`);
}

async function listingBench(model: ChannelModel): Promise<void> {
  log(`\n(b) ${QUEUES.toLocaleString("en")} queues: one collector tick vs one bare paged listing (page_size 500, same columns)`);
  const ch = await model.createChannel();
  for (let i = 0; i < QUEUES; i++) void ch.assertQueue(`bench.q.${i}`, { durable: false, arguments: i % 10 === 0 ? { "x-dead-letter-exchange": "" , "x-dead-letter-routing-key": "dlq" } : {} });
  await ch.checkQueue("dlq"); // RPCs on a channel run in order: this returns after all declares.
  await ch.close();
  // A user tagged "management" sees only its own vhosts: the listing holds just these queues.
  await mgmt("PUT", `/api/users/${USER}`, { password: USER_PW, tags: "management" });
  await mgmt("PUT", `/api/permissions/${encodeURIComponent(VHOST)}/${USER}`, { configure: "", write: "", read: ".*" });
  const auth = `Basic ${Buffer.from(`${USER}:${USER_PW}`).toString("base64")}`;
  const cols = encodeURIComponent(QUEUE_COLUMNS.join(","));
  const bare = async () => {
    let count = 0;
    for (let page = 1, pages = 1; page <= pages; page++) {
      const p = (await mgmt("GET", `/api/queues?page=${page}&page_size=500&columns=${cols}`, undefined, auth)) as { items: unknown[]; page_count: number };
      count += p.items.length;
      pages = p.page_count;
    }
    return count;
  };
  await waitFor("all queues listed", async () => (await bare()) >= QUEUES + 3);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-bench-"));
  const series = new SeriesStore(openDb(dataDir));
  const source = { id: "bench", kind: "rabbitmq" as const, name: "bench", amqpUrl: AMQP, managementUrl: `http://${USER}:${USER_PW}@${MGMT.slice(7)}` };
  const sampler = new SourceSampler(source, createRabbitmqAdapter(source), {
    intervalMs: 5000,
    timeoutMs: 60_000,
    onSample: (sid, snap) => void series.record(sid, snap.sample.metrics, snap.sampledAt),
  });
  await sampler.tick(); // connect + warm-up
  const ticks: number[] = [];
  const bares: number[] = [];
  let listed = 0;
  for (let i = 0; i < 5; i++) {
    bares.push(await timed(async () => (listed = await bare())));
    ticks.push(await timed(async () => sampler.tick()));
  }
  const snap = sampler.latest!;
  await sampler.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const queues = (snap.sample.lists.queues ?? []).length;
  const dlqs = (snap.sample.lists.queues as { deadLetter: { isDeadLetterQueue: boolean } }[]).filter((q) => q.deadLetter.isDeadLetterQueue).length;
  log(`  bare listing           : ${(median(bares) * 1000).toFixed(0)} ms for ${listed} queues (median of 5)`);
  log(`  collector tick         : ${(median(ticks) * 1000).toFixed(0)} ms for ${queues} queues, ${snap.sample.metrics.length} series points stored, ${dlqs} DLQ found (median of 5; health probe, queues + exchanges + bindings, dead-letter routes, SQLite write)`);
  log(`  ratio                  : ${(median(ticks) / median(bares)).toFixed(2)}x bare (target <= 1.5x); health: ${snap.sample.health.status}${snap.sample.health.degraded ? ` (${snap.sample.health.degraded})` : ""}`);
}

async function main(): Promise<void> {
  log(`QueueDeck RabbitMQ benchmark: ${os.cpus().length} CPUs, Node ${process.version}, vhost ${VHOST}`);
  const overview = (await mgmt("GET", "/api/overview?columns=rabbitmq_version,erlang_version")) as Record<string, string>;
  log(`RabbitMQ ${overview.rabbitmq_version} (Erlang ${overview.erlang_version})`);
  await mgmt("PUT", `/api/vhosts/${encodeURIComponent(VHOST)}`, {});
  await mgmt("PUT", `/api/permissions/${encodeURIComponent(VHOST)}/guest`, { configure: ".*", write: ".*", read: ".*" });
  const model = await connect(`${AMQP}/${encodeURIComponent(VHOST)}`);
  model.on("error", () => undefined);
  try {
    await replayBench(model);
    await listingBench(model);
  } finally {
    await model.close().catch(() => undefined);
    await mgmt("DELETE", `/api/vhosts/${encodeURIComponent(VHOST)}`);
    await mgmt("DELETE", `/api/users/${USER}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
