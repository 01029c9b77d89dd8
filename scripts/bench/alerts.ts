// Alert evaluation benchmark, one run on this machine (npm run bench:alerts): the RabbitMQ
// collector tick over 10,000 real queues, with and without 20 alert rules evaluated on each
// tick's snapshot, ticks alternating in the same run. Target: with rules <= 1.1x without.
// Everything lives in a vhost of its own (and a management user that sees only it), deleted at the end.
// Env: QUEUEDECK_RABBITMQ_PORT [5672], QUEUEDECK_RABBITMQ_MGMT_PORT [15672], BENCH_QUEUES [10000], BENCH_TICKS [7].
import os from "node:os";
import fs from "node:fs";
import path from "node:path";
import { connect } from "amqplib";
import type { AlertRuleInput } from "@/lib/alerts";
import { createRabbitmqAdapter } from "@/server/brokers/rabbitmq/adapter";
import { SourceSampler, type Snapshot } from "@/server/collector/sampler";
import { SeriesStore } from "@/server/store/series";
import { openDb } from "@/server/store/db";
import { AlertEngine } from "@/server/alerts/engine";

const env = process.env;
const AMQP = `amqp://guest:guest@127.0.0.1:${env.QUEUEDECK_RABBITMQ_PORT ?? 5672}`;
const MGMT = `http://127.0.0.1:${env.QUEUEDECK_RABBITMQ_MGMT_PORT ?? 15672}`;
const QUEUES = Number(env.BENCH_QUEUES ?? 10_000);
const TICKS = Number(env.BENCH_TICKS ?? 7);
const VHOST = `qdbench-alerts-${Date.now().toString(36)}`;
const USER = `${VHOST}-viewer`;
const USER_PW = `pw-${Math.random().toString(36).slice(2)}`;
const guest = `Basic ${Buffer.from("guest:guest").toString("base64")}`;
const log = (s: string) => console.log(s);

async function mgmt(method: string, p: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${MGMT}${p}`, { method, headers: { authorization: guest, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok && !(method === "DELETE" && res.status === 404)) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** 20 rules of every shape: exact names, prefix and suffix wildcards, "*", every RabbitMQ metric, dead letters, source down. */
function rules(): AlertRuleInput[] {
  const base = { source: "bench", forSeconds: 0, severity: "warning" as const, webhookIds: [] };
  const out: AlertRuleInput[] = [];
  for (let i = 0; i < 6; i++) out.push({ ...base, name: `exact ${i}`, entity: `bench.q.${i * 997}`, metric: "depth", op: ">", threshold: 100 });
  for (let i = 0; i < 6; i++) out.push({ ...base, name: `prefix ${i}`, entity: `bench.q.${i + 1}*`, metric: i % 2 ? "in" : "depth", op: ">", threshold: 50 });
  out.push({ ...base, name: "suffix", entity: "*.7", metric: "out", op: ">", threshold: 10 });
  out.push({ ...base, name: "every queue", entity: "*", metric: "depth", op: ">", threshold: 1000 });
  out.push({ ...base, name: "every queue out", entity: "*", metric: "out", op: ">", threshold: 1000 });
  out.push({ ...base, name: "dead letters", entity: "*", metric: "deadLetters", op: ">", threshold: 0 });
  out.push({ ...base, name: "source down", entity: "*", metric: "sourceDown", op: ">", threshold: 0 });
  // Two that fire: 111 queues at once on the first tick, then hold (no storm).
  out.push({ ...base, name: "firing empties", entity: "bench.q.12*", metric: "depth", op: "<", threshold: 1 });
  out.push({ ...base, name: "firing vhost", entity: `${VHOST}/bench.q.99*`, metric: "depth", op: "<", threshold: 1, source: "*" });
  out.push({ ...base, name: "other source", source: "elsewhere", entity: "*", metric: "depth", op: ">", threshold: 0 });
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  log(`QueueDeck alerts benchmark: ${os.cpus().length} CPUs, Node ${process.version}, vhost ${VHOST}`);
  await mgmt("PUT", `/api/vhosts/${encodeURIComponent(VHOST)}`, {});
  await mgmt("PUT", `/api/permissions/${encodeURIComponent(VHOST)}/guest`, { configure: ".*", write: ".*", read: ".*" });
  const model = await connect(`${AMQP}/${encodeURIComponent(VHOST)}`);
  model.on("error", () => undefined);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-bench-alerts-"));
  try {
    const ch = await model.createChannel();
    await ch.assertQueue("dlq", { durable: false });
    for (let i = 0; i < QUEUES; i++) void ch.assertQueue(`bench.q.${i}`, { durable: false, arguments: i % 10 === 0 ? { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "dlq" } : {} });
    await ch.checkQueue("dlq"); // RPCs on a channel run in order: this returns after all declares.
    await ch.close();
    // A user tagged "management" sees only its own vhosts: the listing holds just these queues.
    await mgmt("PUT", `/api/users/${USER}`, { password: USER_PW, tags: "management" });
    await mgmt("PUT", `/api/permissions/${encodeURIComponent(VHOST)}/${USER}`, { configure: "", write: "", read: ".*" });

    const db = openDb(dataDir);
    const series = new SeriesStore(db);
    const engine = await AlertEngine.open(db);
    for (const r of rules()) await engine.store.createRule(r);
    await engine.reload();
    let withRules = false;
    const evalMs: number[] = [];
    const source = { id: "bench", kind: "rabbitmq" as const, name: "bench", amqpUrl: AMQP, managementUrl: `http://${USER}:${USER_PW}@${MGMT.slice(7)}` };
    // The collector's own onSample: series first, then (when on) the alert rules on the same snapshot.
    const sampler = new SourceSampler(source, createRabbitmqAdapter(source), {
      intervalMs: 5000,
      timeoutMs: 120_000,
      onSample: (sid: string, snap: Snapshot) => {
        void series.record(sid, snap.sample.metrics, snap.sampledAt);
        if (!withRules) return;
        const t0 = performance.now();
        engine.onTick(source, snap);
        evalMs.push(performance.now() - t0);
      },
    });
    const until = Date.now() + 180_000;
    for (;;) {
      const snap = await sampler.tick();
      if ((snap.sample.lists.queues ?? []).length >= QUEUES + 1) break;
      if (Date.now() > until) throw new Error(`the listing shows ${(snap.sample.lists.queues ?? []).length} queues`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const without: number[] = [];
    const withR: number[] = [];
    for (let i = 0; i < TICKS; i++) {
      for (const on of i % 2 ? [true, false] : [false, true]) {
        withRules = on;
        const t0 = performance.now();
        await sampler.tick();
        (on ? withR : without).push(performance.now() - t0);
      }
    }
    const snap = sampler.latest!;
    await sampler.stop();
    const queues = (snap.sample.lists.queues ?? []).length;
    const firing = engine.firing().length;
    const history = (await engine.store.listEvents({ limit: 10_000 })).items.length;
    log(`  queues in the tick        : ${queues.toLocaleString("en")} (${snap.sample.metrics.length.toLocaleString("en")} series points per tick), ${rules().length} rules`);
    log(`  tick without rules        : ${ms(median(without))} (median of ${without.length})`);
    log(`  tick with 20 rules        : ${ms(median(withR))} (median of ${withR.length})`);
    log(`  evaluation alone          : ${ms(median(evalMs))} median, ${ms(Math.max(...evalMs))} max (first tick fires ${firing} alerts in one transaction; ${history} history rows in all)`);
    log(`  ratio (medians)           : ${(median(withR) / median(without)).toFixed(3)}x (target <= 1.1x)`);
    log(`  ratio (tick + evaluation) : ${((median(without) + median(evalMs)) / median(without)).toFixed(3)}x`);
  } finally {
    await model.close().catch(() => undefined);
    await mgmt("DELETE", `/api/vhosts/${encodeURIComponent(VHOST)}`);
    await mgmt("DELETE", `/api/users/${USER}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
