// npm run bench:store-pg: the series store on PostgreSQL against SQLite, in the same run.
//
// 1. A collector tick: record() of 10,000 points (10,000 series), TICKS ticks in a row after a
//    first tick that creates the series; median and p95 per engine.
// 2. A 7-day chart: query() of one series over the last 7 days (served from the 15-minute
//    rollups: ~670 points), QUERIES times on random series of CHART_SERIES filled with 8 days of
//    rollups; median and p95 per engine.
//
// PostgreSQL: a database of its own (qd_bench_<random>) created on QUEUEDECK_TEST_DATABASE_URL
// (scripts/brokers.sh up postgres writes it) and dropped at the end. SQLite: a temporary folder.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { MetricPoint } from "../../server/brokers/adapter";
import { openDb } from "../../server/store/db";
import { openPostgres } from "../../server/store/open";
import type { Sql } from "../../server/store/sql";
import { SeriesStore } from "../../server/store/series";

const SERIES = Number(process.env.BENCH_SERIES ?? 10_000);
const TICKS = Number(process.env.BENCH_TICKS ?? 30);
const CHART_SERIES = Number(process.env.BENCH_CHART_SERIES ?? 1000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const TICK_MS = 5000;
const QUARTER = 15 * 60_000;
const DAY = 86_400_000;
const NOW = Math.floor(Date.now() / QUARTER) * QUARTER;
const SOURCE = "bench";

const points = (at: number): MetricPoint[] => Array.from({ length: SERIES }, (_, i) => ({ entity: `queue:q${i}`, metric: "depth", value: (i * 7 + at / TICK_MS) % 1000 }));
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.95)]!;
const ms = (v: number) => `${v.toFixed(2)} ms`;

interface Result {
  firstTick: number;
  ticks: number[];
  charts: number[];
  chartPoints: number;
}

async function run(db: Sql): Promise<Result> {
  const store = new SeriesStore(db);
  let t = performance.now();
  await store.record(SOURCE, points(NOW - (TICKS + 1) * TICK_MS), NOW - (TICKS + 1) * TICK_MS);
  const firstTick = performance.now() - t;
  const ticks: number[] = [];
  for (let k = TICKS; k >= 1; k--) {
    const at = NOW - k * TICK_MS;
    const pts = points(at);
    t = performance.now();
    await store.record(SOURCE, pts, at);
    ticks.push(performance.now() - t);
  }
  // 8 days of 15-minute rollups for the first CHART_SERIES series, written in one statement.
  const buckets = (8 * DAY) / QUARTER;
  await db.run(
    `WITH RECURSIVE b(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM b WHERE i + 1 < ${buckets})
     INSERT INTO points_15m (ts, series_id, value, min, max)
     SELECT ${NOW - 8 * DAY} + b.i * ${QUARTER}, s.id, b.i % 100, 0, 100 FROM b CROSS JOIN (SELECT id FROM series ORDER BY id LIMIT ${CHART_SERIES}) s`,
  );
  const charts: number[] = [];
  let chartPoints = 0;
  for (let k = 0; k < QUERIES; k++) {
    const i = crypto.randomInt(CHART_SERIES);
    t = performance.now();
    const got = await store.query(SOURCE, `queue:q${i}`, "depth", NOW - 7 * DAY, NOW, NOW);
    charts.push(performance.now() - t);
    if (got.length < 600) throw new Error(`7-day chart of queue:q${i} has ${got.length} points`);
    chartPoints = got.length;
  }
  return { firstTick, ticks, charts, chartPoints };
}

async function main(): Promise<void> {
  const admin = process.env.QUEUEDECK_TEST_DATABASE_URL;
  if (!admin) throw new Error("QUEUEDECK_TEST_DATABASE_URL is not set: run scripts/brokers.sh up postgres and source .cache/brokers.env");
  console.log(`Series store, PostgreSQL against SQLite: ticks of ${SERIES.toLocaleString("en")} points (${TICKS} timed), 7-day charts (${QUERIES} on ${CHART_SERIES} series)`);
  console.log(`node ${process.version}, ${os.cpus().length} cores`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-bench-store-pg-"));
  const sqlite = openDb(dir);
  const lite = await run(sqlite).finally(() => sqlite.close());
  fs.rmSync(dir, { recursive: true, force: true });

  const name = `qd_bench_${crypto.randomBytes(5).toString("hex")}`;
  const adminClient = async (text: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(text).finally(() => c.end());
  };
  await adminClient(`CREATE DATABASE ${name}`);
  let pgRes: Result;
  try {
    const u = new URL(admin);
    u.pathname = `/${name}`;
    const db = await openPostgres(u.toString());
    pgRes = await run(db).finally(() => db.close());
  } finally {
    await adminClient(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }

  const rows: [string, string, string, string][] = [
    ["first tick (creates the series)", ms(lite.firstTick), ms(pgRes.firstTick), `${(pgRes.firstTick / lite.firstTick).toFixed(2)}×`],
    ["tick of 10,000 points, median", ms(median(lite.ticks)), ms(median(pgRes.ticks)), `${(median(pgRes.ticks) / median(lite.ticks)).toFixed(2)}×`],
    ["tick of 10,000 points, p95", ms(p95(lite.ticks)), ms(p95(pgRes.ticks)), `${(p95(pgRes.ticks) / p95(lite.ticks)).toFixed(2)}×`],
    [`7-day chart (${lite.chartPoints} points), median`, ms(median(lite.charts)), ms(median(pgRes.charts)), `${(median(pgRes.charts) / median(lite.charts)).toFixed(2)}×`],
    ["7-day chart, p95", ms(p95(lite.charts)), ms(p95(pgRes.charts)), `${(p95(pgRes.charts) / p95(lite.charts)).toFixed(2)}×`],
  ];
  console.log(`\n| ${"".padEnd(34)} | ${"SQLite".padStart(10)} | ${"PostgreSQL".padStart(10)} | PostgreSQL / SQLite |`);
  console.log(`|${"-".repeat(36)}|${"-".repeat(12)}|${"-".repeat(12)}|---------------------|`);
  for (const [label, a, b, r] of rows) console.log(`| ${label.padEnd(34)} | ${a.padStart(10)} | ${b.padStart(10)} | ${r.padStart(19)} |`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
