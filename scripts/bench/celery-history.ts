// Celery task history benchmark: the store's size and a task search's time with 1,000,000 tasks
// kept for one source.
//   npm run bench:celery-history
// Env: BENCH_TASKS [1000000], BENCH_REPEAT [20] (runs of each query; the median and the worst
//      are printed).
//
// 1. A fresh store (temp data dir, openDb) is filled through CeleryHistoryStore.ingest, the path
//    the receiver takes, in batches of 500 events: each task sent, received, started and succeeded
//    (5% fail with an exception and a traceback), one task every 50 ms of a week, 20 task names,
//    4 workers, args and kwargs with ids and e-mail addresses like real ones.
// 2. Size on disk (db + wal after a checkpoint) and bytes per table and index (dbstat).
// 3. Time of: the first page, filtered pages (state, name, worker, a time range, a rare and a
//    common text, a task id prefix), page 200 through the cursor, a task page, an hour and a day
//    of per-minute stats, and pruning 10,000 tasks.
// Everything lives in a temp dir that is deleted at the end.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { celeryTaskListQuerySchema } from "../../lib/celery";
import type { CeleryEvent } from "../../server/brokers/celery/transport";
import { CeleryHistoryStore } from "../../server/celery-history/store";
import { openDb } from "../../server/store/db";

const TASKS = Number(process.env.BENCH_TASKS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 20);
const SOURCE = "celery";
const STEP_MS = 50;
const NAMES = Array.from({ length: 20 }, (_, i) => `app.tasks.job_${i}`);
const WORKERS = Array.from({ length: 4 }, (_, i) => `w${i}@host-${i}`);
const start = Date.now() - TASKS * STEP_MS;

const id = (i: number) => `${(i * 2654435761 % 4294967296).toString(16).padStart(8, "0")}-${(i % 65536).toString(16).padStart(4, "0")}-4000-8000-${i.toString(16).padStart(12, "0")}`;

function lifeOf(i: number): CeleryEvent[] {
  const uuid = id(i);
  const t = (start + i * STEP_MS) / 1000;
  const name = NAMES[i % NAMES.length]!;
  const worker = WORKERS[i % WORKERS.length]!;
  const args = `(${i}, 'user${i % 50_000}@example.com')`;
  const kwargs = `{'order_id': 'A-${(i * 7919) % 1_000_003}', 'amount': ${(i % 1000) / 10}}`;
  const head = { uuid, name, args, kwargs, root_id: uuid, parent_id: null, retries: 0, eta: null, expires: null };
  const fail = i % 20 === 7;
  return [
    { type: "task-sent", hostname: "client@web", timestamp: t, ...head, queue: "celery", exchange: "", routing_key: "celery" },
    { type: "task-received", hostname: worker, timestamp: t + 0.002, ...head },
    { type: "task-started", hostname: worker, uuid, timestamp: t + 0.004 + (i % 7) / 1000 },
    fail
      ? {
          type: "task-failed",
          hostname: worker,
          uuid,
          timestamp: t + 0.03,
          exception: `ValueError('amount out of range for order A-${i}')`,
          traceback: `Traceback (most recent call last):\n  File "/app/tasks.py", line 42, in job\n    raise ValueError(...)\nValueError: amount out of range for order A-${i}\n`,
        }
      : { type: "task-succeeded", hostname: worker, uuid, timestamp: t + 0.03, result: `{'ok': True, 'rows': ${i % 100}}`, runtime: 0.02 + (i % 50) / 1000 },
  ];
}

async function time<T>(label: string, fn: () => T | Promise<T>, repeat = REPEAT): Promise<T> {
  const runs: number[] = [];
  let out!: T;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    out = await fn();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  const n = Array.isArray((out as { items?: unknown[] })?.items) ? ` (${(out as { items: unknown[] }).items.length} rows)` : "";
  console.log(`${label.padEnd(44)} median ${runs[Math.floor(runs.length / 2)]!.toFixed(2).padStart(8)} ms   worst ${runs.at(-1)!.toFixed(2).padStart(8)} ms${n}`);
  return out;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-bench-history-"));
  try {
    const db = openDb(dir);
    const store = new CeleryHistoryStore(db);
    const t0 = Date.now();
    for (let i = 0; i < TASKS; ) {
      const batch: CeleryEvent[] = [];
      for (let k = 0; k < 125 && i < TASKS; k++, i++) batch.push(...lifeOf(i));
      await store.ingest(SOURCE, batch);
      if (i % 100_000 === 0) console.log(`  ${i} tasks, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    const fillS = (Date.now() - t0) / 1000;
    console.log(`filled ${TASKS} tasks in ${fillS.toFixed(0)} s (${((fillS * 1e6) / TASKS).toFixed(0)} µs per task, 4 events each, batches of 500 events)`);
    db.raw.pragma("wal_checkpoint(TRUNCATE)");
    const file = path.join(dir, "queuedeck.sqlite");
    const bytes = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
    console.log(`store on disk: ${(bytes / 1e6).toFixed(0)} MB (${(bytes / TASKS).toFixed(0)} bytes per task)`);
    const parts = db.raw.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC").all() as { name: string; bytes: number }[];
    for (const p of parts.filter((x) => x.bytes > 1e6)) console.log(`  ${p.name.padEnd(40)} ${(p.bytes / 1e6).toFixed(0).padStart(6)} MB`);

    const q = (query: Record<string, string>) => () => store.list(SOURCE, celeryTaskListQuerySchema.parse(query));
    const mid = start + (TASKS / 2) * STEP_MS;
    await time("first page (50, newest first)", q({}));
    await time("state=FAILURE", q({ state: "FAILURE" }));
    await time("name=app.tasks.job_3", q({ name: "app.tasks.job_3" }));
    await time("worker=w2@host-2 + state=SUCCESS", q({ worker: "w2@host-2", state: "SUCCESS" }));
    await time("from/to: one minute in the middle", q({ from: String(mid), to: String(mid + 60_000) }));
    await time("q: rare text (one order id)", q({ q: `A-${(777_777 * 7919) % 1_000_003}'` }));
    await time("q: rare text in an exception", q({ q: `order A-${TASKS - 13}` }));
    await time("q: common text (an e-mail, 20 tasks)", q({ q: "user4242@example.com" }), 5);
    await time("q: very common text ('example.com')", q({ q: "example.com" }), 5);
    await time("q: task id prefix", q({ q: id(123_457).slice(0, 13) }));
    await time("q + name (rare text, other name: no row)", q({ q: "user4242@example.com", name: "app.tasks.job_0" }), 5);
    let cursor: string | null = null;
    const t1 = performance.now();
    for (let p = 0; p < 200; p++) cursor = (await store.list(SOURCE, celeryTaskListQuerySchema.parse({ ...(cursor ? { cursor } : {}) }))).nextCursor;
    console.log(`${"200 pages through the cursor".padEnd(44)} total  ${(performance.now() - t1).toFixed(2).padStart(8)} ms`);
    await time("a page past 10,000 rows (cursor)", q({ cursor: cursor! }));
    await time("task page (detail)", () => store.detail(SOURCE, id(TASKS - 1000)));
    const now = start + TASKS * STEP_MS;
    await time("stats: last hour, all names", () => store.stats(SOURCE, { from: now - 3_600_000, to: now }), 5);
    await time("stats: last 24 h, one name", () => store.stats(SOURCE, { name: "app.tasks.job_3", from: now - 86_400_000, to: now }), 3);
    const p0 = performance.now();
    const pruned = await store.prune(SOURCE, { maxTasks: TASKS - 10_000, maxAgeMs: 365 * 86_400_000 });
    console.log(`${`prune ${pruned} tasks (batches of 500)`.padEnd(44)} total  ${(performance.now() - p0).toFixed(2).padStart(8)} ms`);
    await db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
