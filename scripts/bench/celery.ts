// Celery events benchmark (issue 9): task events ingested per second with the store writing,
// against Celery's own EventReceiver counting the same events in the same run. (The store's size
// and search times with 1,000,000 tasks: scripts/bench/celery-history.ts; npm run bench:celery runs both.)
//   npx tsx --conditions react-server scripts/bench/celery.ts
// Env: QUEUEDECK_REDIS_URL [redis://127.0.0.1:6379], BENCH_DB [14], BENCH_EVENTS [60000], BENCH_ROUNDS [3].
//
// Ingest: both receivers subscribe to Celery's event channel on Redis (db BENCH_DB). A publisher
// sends BENCH_EVENTS task events as a worker does: task.multi messages of 10 events (received,
// started, succeeded of distinct tasks), as fast as Redis takes them. Each receiver times from the
// first bench event it gets to the last one it finished: Python counts them in its handler;
// QueueDeck takes them through its events hub (the adapter's own subscription) into the task
// history, and counts them once the store has committed them.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { createCeleryAdapter } from "../../server/brokers/celery/adapter";
import { encodeEnvelope, fanoutChannel } from "../../server/brokers/celery/envelope";
import type { CeleryEvent } from "../../server/brokers/celery/transport";
import { openDb } from "../../server/store/db";
import { CeleryHistoryStore } from "../../server/celery-history/store";
import { startCeleryHistory } from "../../server/celery-history/receiver";

const REDIS = (process.env.QUEUEDECK_REDIS_URL ?? "redis://127.0.0.1:6379").replace(/\/\d*$/, "");
const DB = Number(process.env.BENCH_DB ?? 14);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 60_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PER_MESSAGE = 10;
const PYTHON = process.env.QUEUEDECK_CELERY_PYTHON ?? "/usr/bin/python3";
const brokerUrl = `${REDIS}/${DB}`;
const HOST = "bench@queuedeck";
const NAMES = ["billing.charge", "email.send", "images.resize", "reports.build", "search.index"];

const log = (s: string) => console.log(s);
const f = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: n < 10 ? 2 : 0 });
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

/** Events of tasks as a prefork worker sends them: received, started, succeeded (or failed). */
function taskEvents(count: number, t0: number): CeleryEvent[] {
  const out: CeleryEvent[] = [];
  for (let i = 0; out.length < count; i++) {
    const uuid = randomUUID();
    const name = NAMES[i % NAMES.length]!;
    const ts = t0 + i / 1000;
    const base = { uuid, hostname: HOST, pid: 4242, utcoffset: 0, clock: i * 3 };
    out.push({ ...base, type: "task-received", name, args: `[${i}, "order-${i}"]`, kwargs: `{'priority': ${i % 3}}`, retries: 0, eta: null, expires: null, root_id: uuid, parent_id: null, timestamp: ts });
    out.push({ ...base, type: "task-started", timestamp: ts + 0.001 });
    if (i % 20 === 0) out.push({ ...base, type: "task-failed", exception: `ValueError('order ${i} refused')`, traceback: "Traceback (most recent call last):\n  ...", timestamp: ts + 0.01 });
    else out.push({ ...base, type: "task-succeeded", result: `{'ok': ${i}}`, runtime: 0.004 + (i % 7) / 1000, timestamp: ts + 0.01 });
  }
  return out.slice(0, count);
}

function envelopeOf(events: CeleryEvent[], routingKey = "task.multi"): string {
  return encodeEnvelope({ body: events, headers: { hostname: HOST }, exchange: "celeryev", routingKey, deliveryMode: 1 });
}

interface PythonReceiver {
  child: ChildProcess;
  warm: Promise<void>;
  result: Promise<{ count: number; seconds: number }>;
}

function startPython(expected: number): PythonReceiver {
  const script = path.join(__dirname, "celery_receiver.py");
  const child = spawn(PYTHON, [script, brokerUrl, String(expected)], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const warm = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("warm\n")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`python receiver exited ${code}: ${err.slice(-800)}`)));
  });
  const result = new Promise<{ count: number; seconds: number }>((resolve, reject) => {
    child.on("exit", () => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve(JSON.parse(line) as { count: number; seconds: number });
      else reject(new Error(`python receiver gave no result: ${err.slice(-800)}`));
    });
  });
  return { child, warm, result };
}

/** One round: both receivers on the same stream; events/s of each. */
async function ingestRound(pub: Redis, round: number): Promise<{ python: number; queuedeck: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "queuedeck-bench-celery-"));
  const db = openDb(dir);
  const store = new CeleryHistoryStore(db);
  let committed = 0;
  let first = 0;
  let doneAt = 0;
  const ingest = store.ingest.bind(store);
  // Counted after the write returned: the events are in the store, not just in a buffer.
  store.ingest = async (source: string, events: readonly CeleryEvent[]) => {
    const r = await ingest(source, events);
    committed += events.filter((e) => e.type.startsWith("task-")).length;
    if (committed >= EVENTS && !doneAt) doneAt = performance.now();
    return r;
  };
  const adapter = createCeleryAdapter({ id: "bench", kind: "celery", name: "bench", brokerUrl });
  let warmQd = false;
  adapter.events.subscribe((events) => {
    for (const e of events) {
      if (e.type === "bench-warmup") warmQd = true;
      else if (!first) first = performance.now();
    }
  });
  await adapter.connect();
  const stop = startCeleryHistory("bench", adapter.events, store, { pruneEveryMs: 3_600_000 });
  const py = startPython(EVENTS);
  const channel = `${fanoutChannel(DB, "celeryev")}/task.multi`;
  const warmup = envelopeOf([{ type: "bench-warmup", hostname: HOST, timestamp: Date.now() / 1000 }], "bench.warmup");
  let pyWarm = false;
  void py.warm.then(() => (pyWarm = true));
  for (let i = 0; !(pyWarm && warmQd); i++) {
    if (i > 300) throw new Error("receivers did not get the warm-up events within 30 s");
    await pub.publish(`${fanoutChannel(DB, "celeryev")}/bench.warmup`, warmup);
    await new Promise((r) => setTimeout(r, 100));
  }

  const events = taskEvents(EVENTS, Date.now() / 1000);
  const messages: string[] = [];
  for (let i = 0; i < events.length; i += PER_MESSAGE) messages.push(envelopeOf(events.slice(i, i + PER_MESSAGE)));
  for (let i = 0; i < messages.length; i += 500) {
    const p = pub.pipeline();
    for (const m of messages.slice(i, i + 500)) p.publish(channel, m);
    await p.exec();
  }
  const pyResult = await py.result;
  const deadline = Date.now() + 120_000;
  while (!doneAt && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await stop();
  await adapter.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (!doneAt) throw new Error(`QueueDeck committed ${committed} of ${EVENTS} events`);
  const python = pyResult.count / pyResult.seconds;
  const queuedeck = committed / ((doneAt - first) / 1000);
  log(`  round ${round}: Python EventReceiver ${f(python)} events/s, QueueDeck ${f(queuedeck)} events/s (${(queuedeck / python).toFixed(2)}×)`);
  return { python, queuedeck };
}

async function ingestBench(): Promise<void> {
  const pub = new Redis(brokerUrl);
  // A subscriber that falls behind is disconnected by Redis past the pubsub output limit; the
  // bench measures speed, not that limit, so lift it for the run and restore it after.
  const [, limits] = (await pub.config("GET", "client-output-buffer-limit")) as [string, string];
  const pubsubLimit = /pubsub (\d+ \d+ \d+)/.exec(limits)?.[1] ?? "33554432 8388608 60";
  await pub.config("SET", "client-output-buffer-limit", "pubsub 0 0 0");
  try {
    log(`ingest: ${f(EVENTS)} task events in task.multi messages of ${PER_MESSAGE}, ${ROUNDS} rounds (Redis db ${DB})`);
    const rounds = [];
    for (let r = 1; r <= ROUNDS; r++) rounds.push(await ingestRound(pub, r));
    const py = median(rounds.map((r) => r.python));
    const qd = median(rounds.map((r) => r.queuedeck));
    log(`ingest, medians: QueueDeck (store writing) ${f(qd)} events/s; Python EventReceiver (counting only) ${f(py)} events/s; ratio ${(qd / py).toFixed(2)}× (target ≥ 0.8×)`);
  } finally {
    await pub.config("SET", "client-output-buffer-limit", `pubsub ${pubsubLimit}`);
    pub.disconnect();
  }
}

async function main(): Promise<void> {
  log(`bench:celery on ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  await ingestBench();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
