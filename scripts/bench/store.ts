// Series store benchmark: "a week of history for 10,000 series stays bounded in size and fast
// to query". One run on this machine, printed as a table with ratios and a verdict per point.
//   npm run bench:store
// Env: BENCH_SERIES [10000], BENCH_SLICE_SERIES [1000], BENCH_BASELINE_SERIES [100],
//      BENCH_QUERIES [200], BENCH_MINUTES [15] (minutes of real collection on the full store: a
//      record() of every series each 5 s and maintain() each minute, one quarter-hour by default).
//
// 1. A fresh store (temp data dir, openDb) is filled with what a week of collection leaves after
//    retention: 15-minute rollups for 8 days, 1-minute rollups for 12 h, raw 5 s samples for 1 h.
//    Rows go straight into the tables (scripts/bench/store-fill.ts) in big transactions, in the
//    order the collector writes them (tick by tick, all series per tick). The real path is run
//    too: on a second store holding the same state for a slice of series, record() one real hour
//    of 5 s ticks with maintain() every minute, as the collector does, then check rows per series
//    per tier and the rolled values.
// 2. Size on disk (db + wal), rows and bytes per tier (dbstat), bytes per series; against a
//    raw-only table keyed by series holding a whole week of 5 s samples for a sample of series,
//    measured and extrapolated to all series.
// 3. SeriesStore.query() for 15 min, 1 h, 24 h, 7 d on random series against reading a week of
//    raw 5 s points for one series from that table; record() ticks of all series and maintain()
//    passes for BENCH_MINUTES, with the longest event-loop block and the bytes written (from
//    /proc/self/io); the same minutes against the earlier layout keyed by series first
//    (scripts/bench/store-legacy.ts) as the baseline for bytes written.
// Values: per queue depth (integer), in and out rates (one decimal) and consumers (small
// integer), so SQLite's integer/real encodings are exercised as by real brokers.
// Everything lives in a temp dir that is deleted at the end.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MetricPoint } from "../../server/brokers/adapter";
import type Database from "better-sqlite3";
import { openDb } from "../../server/store/db";

type Db = Database.Database;
import { DEFAULT_RETENTION, SeriesStore, type Retention } from "../../server/store/series";
import { LEGACY_SCHEMA, LegacySeriesWriter } from "./store-legacy";
import {
  clock,
  closeClean,
  entity,
  fillRetained,
  fillTable,
  forFill,
  int,
  log,
  metric,
  MIN,
  QUARTER,
  rawValue,
  rolledUntil,
  SOURCE,
  TABLES,
  TICK,
  type Table,
} from "./store-fill";

const SERIES = Number(process.env.BENCH_SERIES ?? 10_000);
const SLICE = Math.min(SERIES, Number(process.env.BENCH_SLICE_SERIES ?? 1_000));
const BASELINE = Number(process.env.BENCH_BASELINE_SERIES ?? 100);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 15);

const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const WEEK_POINTS = WEEK / TICK; // 120,960
// "Now" for the filled store: on a quarter boundary, so the real hour of the slice is 4 whole quarters.
const NOW = Math.floor(Date.now() / QUARTER) * QUARTER;
const R = DEFAULT_RETENTION;

const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
const median = (v: number[]) => sorted(v)[Math.floor(v.length / 2)]!;
const p95 = (v: number[]) => sorted(v)[Math.min(v.length - 1, Math.ceil(v.length * 0.95) - 1)]!;
const msf = (n: number) => (n < 1 ? n.toFixed(3) : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const bytes = (n: number) =>
  n >= 1e12 ? `${(n / 1e12).toFixed(2)} TB` : n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${Math.round(n)} B`;
const max = (v: number[]) => v.reduce((m, n) => Math.max(m, n), -Infinity);
const x = (n: number) => `${n >= 100 ? n.toFixed(0) : n.toFixed(1)}x`;

// ---- measuring -------------------------------------------------------------------------

const dbFile = (dir: string) => path.join(dir, "queuedeck.sqlite");
const sizeOf = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
const diskSize = (dir: string) => ({ db: sizeOf(dbFile(dir)), wal: sizeOf(`${dbFile(dir)}-wal`) });

/** Bytes written by this process (write() calls: WAL frames and checkpoints), Linux only. */
function writtenBytes(): number | undefined {
  try {
    const m = /^wchar:\s*(\d+)/m.exec(fs.readFileSync("/proc/self/io", "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

interface TierStat {
  rows: number;
  bytes: number;
  perSeriesMin: number;
  perSeriesMax: number;
  seriesWithRows: number;
}

function tierStats(db: Db): Record<Table, TierStat> {
  const pages = new Map(
    (db.prepare("SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name").all() as { name: string; bytes: number }[]).map(
      (r) => [r.name, r.bytes],
    ),
  );
  const out = {} as Record<Table, TierStat>;
  for (const t of TABLES) {
    const r = db
      .prepare(`SELECT COUNT(*) AS s, COALESCE(SUM(c), 0) AS rows, MIN(c) AS lo, MAX(c) AS hi FROM (SELECT COUNT(*) AS c FROM ${t} GROUP BY series_id)`)
      .get() as { s: number; rows: number; lo: number | null; hi: number | null };
    out[t] = { rows: r.rows, bytes: pages.get(t) ?? 0, perSeriesMin: r.lo ?? 0, perSeriesMax: r.hi ?? 0, seriesWithRows: r.s };
  }
  return out;
}

/** Rows per series each tier holds just after a maintain() at `now`, from the retention alone. */
function expectedRows(now: number, r: Retention): Record<Table, number> {
  const until = rolledUntil(now);
  return {
    points_raw: Math.floor(now / TICK) - Math.ceil((now - r.rawMs) / TICK) + 1, // ticks in [now - raw, now]
    points_1m: until.minute / MIN - Math.ceil((now - r.oneMinuteMs) / MIN), // rolled minutes within 12 h
    points_15m: until.quarter / QUARTER - Math.ceil((now - r.fifteenMinuteMs) / QUARTER), // rolled quarters within 8 d
  };
}

function checkBounds(label: string, stats: Record<Table, TierStat>, n: number, now: number): boolean {
  const exp = expectedRows(now, R);
  let ok = true;
  log(`  ${label}: rows per series per tier (observed min-max over ${int(n)} series, expected from retention)`);
  for (const t of TABLES) {
    const s = stats[t];
    const good = s.seriesWithRows === n && s.perSeriesMin === exp[t] && s.perSeriesMax === exp[t];
    ok &&= good;
    log(`    ${t.padEnd(12)} ${`${s.perSeriesMin}-${s.perSeriesMax}`.padStart(9)}  expected ${String(exp[t]).padStart(4)}  ${good ? "OK" : "MISMATCH"}`);
  }
  return ok;
}

const pointsAt = (n: number, ts: number): MetricPoint[] => {
  const pts: MetricPoint[] = new Array(n);
  for (let i = 0; i < n; i++) pts[i] = { entity: entity(i), metric: metric(i), value: rawValue(i, ts) };
  return pts;
};

/** Time `fn` `runs` times, on random series. */
async function timeRuns(runs: number, n: number, fn: (idx: number) => number | Promise<number>): Promise<{ ms: number[]; points: number }> {
  const ms: number[] = [];
  let points = 0;
  for (let k = 0; k < runs; k++) {
    const idx = Math.floor(Math.random() * n);
    const t = clock();
    points += await fn(idx);
    ms.push(clock() - t);
  }
  return { ms, points: points / runs };
}

interface Pass {
  ms: number;
  /** Longest event-loop block during the pass (ms): maintain() yields between chunks. */
  block: number;
  written: number | undefined;
  quarter: boolean;
}

async function timedMaintain(store: SeriesStore, now: number): Promise<Pass> {
  // A probe that runs on every turn of the event loop: the longest gap between two of its runs
  // is the longest stretch maintain() kept the loop (HTTP requests, the collector) waiting.
  let running = true;
  let last = clock();
  let block = 0;
  const probe = () => {
    const n = clock();
    block = Math.max(block, n - last);
    last = n;
    if (running) setImmediate(probe);
  };
  setImmediate(probe);
  const w0 = writtenBytes();
  const t = clock();
  await store.maintain(now);
  const ms = clock() - t;
  running = false;
  block = Math.max(block, clock() - last);
  const w1 = writtenBytes();
  return { ms, block, written: w0 === undefined || w1 === undefined ? undefined : w1 - w0, quarter: now % QUARTER === 0 };
}

const fileRows = (dir: string, rows: number) => {
  const d = diskSize(dir);
  return `${bytes(d.db + d.wal)} (db ${bytes(d.db)} + wal ${bytes(d.wal)}), ${((d.db + d.wal) / rows).toFixed(1)} B/row`;
};

// ---- the run ---------------------------------------------------------------------------

interface Row {
  label: string;
  ours: string;
  base: string;
  ratio: string;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "queuedeck-bench-store-"));
  const storeDir = path.join(root, "store");
  const sliceDir = path.join(root, "slice");
  const baseDir = path.join(root, "raw-week");
  const table: Row[] = [];
  const verdicts: string[] = [];
  const started = clock();
  log(`Series store benchmark: ${int(SERIES)} series, retention raw ${R.rawMs / HOUR} h / 1 m ${R.oneMinuteMs / HOUR} h / 15 m ${R.fifteenMinuteMs / DAY} d`);
  log(`node ${process.version}, ${os.cpus().length} cores, temp dir ${root}`);
  try {
    // -- 1. the filled store ------------------------------------------------------------
    log(`\n[1] filling a fresh store with a week's retained history for ${int(SERIES)} series (now = ${new Date(NOW).toISOString()})`);
    const fillDb = forFill(openDb(storeDir).raw);
    fillRetained(fillDb, SERIES, NOW);
    closeClean(fillDb);

    const db = openDb(storeDir);
    const store = new SeriesStore(db);
    const atRest = diskSize(storeDir);
    const stats = tierStats(db.raw);
    const boundsFilled = checkBounds("filled store", stats, SERIES, NOW);
    const storeRows = TABLES.reduce((s, t) => s + stats[t].rows, 0);
    const storeBytes = atRest.db + atRest.wal;

    // -- 1b. the real path on a slice --------------------------------------------------
    const sliceStart = NOW - HOUR;
    log(`\n[1b] real path: ${int(SLICE)} series in the same state an hour earlier, then record() every 5 s for an hour with maintain() every minute`);
    const sliceFill = forFill(openDb(sliceDir).raw);
    fillRetained(sliceFill, SLICE, sliceStart);
    closeClean(sliceFill);
    const sliceDb = openDb(sliceDir);
    const sliceRows = TABLES.reduce((n, tb) => n + expectedRows(sliceStart, R)[tb], 0) * SLICE;
    log(`  slice store before: ${fileRows(sliceDir, sliceRows)}`);
    const slice = new SeriesStore(sliceDb);
    const recMs: number[] = [];
    const slicePasses: Pass[] = [];
    for (let ts = sliceStart + TICK; ts <= NOW; ts += TICK) {
      const pts = pointsAt(SLICE, ts);
      const t = clock();
      await slice.record(SOURCE, pts, ts);
      recMs.push(clock() - t);
      if (ts % MIN === 0) slicePasses.push(await timedMaintain(slice, ts));
    }
    const sm = slicePasses.map((p) => p.ms);
    log(
      `  ${recMs.length} record() ticks of ${int(SLICE)} points: median ${msf(median(recMs))} ms; ${slicePasses.length} maintain(): median ${msf(median(sm))} ms, ` +
        `max ${msf(max(sm))} ms, longest event-loop block ${msf(max(slicePasses.map((p) => p.block)))} ms`,
    );
    const sliceStats = tierStats(sliceDb.raw);
    const boundsSlice = checkBounds("after the real hour", sliceStats, SLICE, NOW);
    log(`  slice store after:  ${fileRows(sliceDir, sliceRows)}; free pages ${int(sliceDb.raw.pragma("freelist_count", { simple: true }) as number)}`);
    log(
      `  raw tier, now entirely written by record() and pruned by maintain(): ${(sliceStats.points_raw.bytes / sliceStats.points_raw.rows).toFixed(1)} B/row ` +
        `(bulk-filled store: ${(stats.points_raw.bytes / stats.points_raw.rows).toFixed(1)} B/row)`,
    );
    // The recorded hour's buckets must hold the recorded samples' avg/min/max.
    let checked = 0;
    let wrong = 0;
    const get1m = sliceDb.raw.prepare("SELECT value, min, max FROM points_1m WHERE series_id = ? AND ts = ?");
    const get15m = sliceDb.raw.prepare("SELECT value, min, max FROM points_15m WHERE series_id = ? AND ts = ?");
    const done = rolledUntil(NOW);
    const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    for (let k = 0; k < 20; k++) {
      const idx = Math.floor(Math.random() * SLICE);
      for (let q = sliceStart; q < NOW; q += QUARTER) {
        const all: number[] = [];
        for (let m = q; m < q + QUARTER; m += MIN) {
          const vals: number[] = [];
          for (let ts = m; ts < m + MIN; ts += TICK) vals.push(rawValue(idx, ts));
          all.push(...vals);
          if (m + MIN > done.minute) continue; // not rolled yet: the last LATE_MS of the hour
          const row = get1m.get(idx + 1, m) as { value: number; min: number; max: number } | undefined;
          const avg = vals.reduce((s, v) => s + v, 0) / vals.length;
          checked++;
          if (!row || !near(row.value, avg) || row.min !== Math.min(...vals) || row.max !== Math.max(...vals)) wrong++;
        }
        if (q + QUARTER > done.quarter) continue;
        const row = get15m.get(idx + 1, q) as { value: number; min: number; max: number } | undefined;
        checked++;
        if (!row || !near(row.value, all.reduce((s, v) => s + v, 0) / all.length) || row.min !== Math.min(...all) || row.max !== Math.max(...all))
          wrong++;
      }
    }
    log(`  rolled values of the recorded hour vs the samples recorded: ${checked - wrong}/${checked} buckets match${wrong ? "  MISMATCH" : ""}`);
    await sliceDb.close();
    fs.rmSync(sliceDir, { recursive: true, force: true });

    // -- 2. raw-only baseline ----------------------------------------------------------
    // Keyed by series, the best case for reading one series' week.
    log(`\n[2] baseline: raw 5 s samples for a whole week, ${int(BASELINE)} series x ${int(WEEK_POINTS)} points (raw-only table keyed by series)`);
    const baseFill = forFill(openDb(baseDir).raw);
    baseFill.exec(LEGACY_SCHEMA);
    let t = clock();
    const baseRows = fillTable(baseFill, "legacy_raw", BASELINE, NOW - WEEK + TICK, NOW, TICK);
    log(`  filled ${int(baseRows)} rows in ${((clock() - t) / 1000).toFixed(1)} s`);
    closeClean(baseFill);
    const baseDb = openDb(baseDir).raw;
    const baseBytes = (baseDb.prepare("SELECT SUM(pgsize) AS b FROM dbstat WHERE name = 'legacy_raw'").get() as { b: number }).b;
    const baseDisk = diskSize(baseDir);
    const rawBytesPerRow = baseBytes / baseRows;
    const baselineBytes = rawBytesPerRow * SERIES * WEEK_POINTS;
    log(`  raw week: ${bytes(baseBytes)} for ${int(baseRows)} rows = ${rawBytesPerRow.toFixed(1)} B/row (file ${bytes(baseDisk.db + baseDisk.wal)})`);
    log(`  extrapolated to ${int(SERIES)} series x ${int(WEEK_POINTS)} points: ${bytes(baselineBytes)}`);

    log(`\n    store on disk at rest: db ${bytes(atRest.db)} + wal ${bytes(atRest.wal)} = ${bytes(storeBytes)}; free pages ${int(db.raw.pragma("freelist_count", { simple: true }) as number)}`);
    log(`    ${"tier".padEnd(12)} ${"rows".padStart(12)} ${"bytes".padStart(10)} ${"B/row".padStart(6)} ${"rows/series".padStart(12)} ${"B/series".padStart(9)}`);
    for (const tb of TABLES) {
      const s = stats[tb];
      log(
        `    ${tb.padEnd(12)} ${int(s.rows).padStart(12)} ${bytes(s.bytes).padStart(10)} ${(s.bytes / s.rows).toFixed(1).padStart(6)} ${int(s.rows / SERIES).padStart(12)} ${bytes(s.bytes / SERIES).padStart(9)}`,
      );
    }
    log(`    ${"all".padEnd(12)} ${int(storeRows).padStart(12)} ${bytes(storeBytes).padStart(10)} ${"".padStart(6)} ${int(storeRows / SERIES).padStart(12)} ${bytes(storeBytes / SERIES).padStart(9)}  (file, incl. series table)`);
    const rowsRatio = WEEK_POINTS / (storeRows / SERIES);

    // -- 3. query speed ----------------------------------------------------------------
    log(`\n[3] query speed, ${QUERIES} queries per range on random series (warm OS cache, the store's own connection)`);
    const ranges: [string, number][] = [
      ["15 min", 15 * MIN],
      ["1 h", HOUR],
      ["24 h", DAY],
      ["7 d", WEEK],
    ];
    await timeRuns(50, SERIES, async (i) => (await store.query(SOURCE, entity(i), metric(i), NOW - DAY, NOW, NOW)).length); // warm-up
    const q: Record<string, number[]> = {};
    for (const [name, span] of ranges) {
      const r = await timeRuns(QUERIES, SERIES, async (i) => {
        const pts = await store.query(SOURCE, entity(i), metric(i), NOW - span, NOW, NOW);
        if (!pts.length) throw new Error(`query ${name} returned nothing for ${entity(i)}/${metric(i)}`);
        return pts.length;
      });
      q[name] = r.ms;
      log(`  query() ${name.padEnd(7)} median ${msf(median(r.ms)).padStart(6)} ms  p95 ${msf(p95(r.ms)).padStart(6)} ms  ${int(r.points)} points`);
    }
    const rawWeek = baseDb.prepare("SELECT ts AS t, value AS v FROM legacy_raw WHERE series_id = ? AND ts >= ? AND ts <= ? ORDER BY ts");
    const baseRaw = await timeRuns(QUERIES, BASELINE, (i) => (rawWeek.all(i + 1, NOW - WEEK, NOW) as unknown[]).length);
    log(`  baseline: a week of raw points, one series      median ${msf(median(baseRaw.ms)).padStart(6)} ms  p95 ${msf(p95(baseRaw.ms)).padStart(6)} ms  ${int(baseRaw.points)} points`);
    baseDb.close();
    fs.rmSync(baseDir, { recursive: true, force: true });
    for (const [name] of ranges) {
      const v = q[name]!;
      const last = name === "7 d";
      table.push({
        label: `query ${name}, median / p95`,
        ours: `${msf(median(v))} / ${msf(p95(v))} ms`,
        base: last ? `${msf(median(baseRaw.ms))} / ${msf(p95(baseRaw.ms))} ms` : "",
        ratio: last ? `${x(median(baseRaw.ms) / median(v))} faster` : "",
      });
    }

    // -- 3b. writing: record() ticks and maintain() -----------------------------------
    log(`\n[3b] ${MINUTES} minute(s) of collection on the filled store: record() of ${int(SERIES)} points every 5 s, maintain() every minute`);
    const tickMs: number[] = [];
    const tickWrites: number[] = [];
    const passes: Pass[] = [];
    let cold = 0;
    const end = NOW + MINUTES * MIN;
    for (let ts = NOW + TICK; ts <= end; ts += TICK) {
      const pts = pointsAt(SERIES, ts);
      const w0 = writtenBytes();
      t = clock();
      await store.record(SOURCE, pts, ts);
      const dt = clock() - t;
      const w1 = writtenBytes();
      if (w0 !== undefined && w1 !== undefined) tickWrites.push(w1 - w0);
      // query() above already cached the ids of the series it touched; the first tick looks up the rest.
      if (ts === NOW + TICK) cold = dt;
      else tickMs.push(dt);
      if (ts % MIN === 0) passes.push(await timedMaintain(store, ts));
    }
    const afterDisk = diskSize(storeDir);
    const afterBytes = afterDisk.db + afterDisk.wal;
    const pm = passes.map((p) => p.ms);
    const qp = passes.filter((p) => p.quarter).map((p) => p.ms);
    const longestBlock = max(passes.map((p) => p.block));
    const passWrites = passes.flatMap((p) => (p.written === undefined ? [] : [p.written]));
    log(`  record() tick: first ${msf(cold)} ms (id lookups), then median ${msf(median(tickMs))} ms, p95 ${msf(p95(tickMs))} ms, max ${msf(max(tickMs))} ms`);
    log(
      `  maintain() full pass (${passes.length}): median ${msf(median(pm))} ms, max ${msf(max(pm))} ms` +
        `${qp.length ? `, at a quarter boundary ${qp.map(msf).join(", ")} ms` : ""}; longest event-loop block ${msf(longestBlock)} ms`,
    );
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    const perDay = tickWrites.length && passWrites.length ? ((sum(tickWrites) + sum(passWrites)) / (MINUTES * MIN)) * DAY : undefined;
    if (perDay !== undefined) {
      log(`  bytes written (WAL + checkpoints): per tick median ${bytes(median(tickWrites))}, per maintain() median ${bytes(median(passWrites))}`);
      log(`    = ${bytes(perDay)} a day, for ${bytes(SERIES * 20 * (DAY / TICK))} a day of new samples (~20 B each)`);
    }
    const boundsAfter = checkBounds(`after ${MINUTES} more minute(s)`, tierStats(db.raw), SERIES, end);
    log(`  store on disk now: db ${bytes(afterDisk.db)} + wal ${bytes(afterDisk.wal)} = ${bytes(afterBytes)}; free pages ${int(db.raw.pragma("freelist_count", { simple: true }) as number)}`);
    await db.close();
    fs.rmSync(storeDir, { recursive: true, force: true });

    // -- 3c. baseline for writes: the same minutes with tables keyed by series first ----
    log(`\n[3c] baseline: the same ${MINUTES} minute(s) with the earlier layout (keyed by series, buffered a minute, rolled and pruned per series)`);
    const legacyDir = path.join(root, "legacy");
    const legacyFill = forFill(openDb(legacyDir).raw);
    fillRetained(legacyFill, SERIES, NOW, "legacy");
    closeClean(legacyFill);
    const legacyDb = openDb(legacyDir).raw;
    const legacy = new LegacySeriesWriter(legacyDb, R);
    const values = new Float64Array(SERIES);
    const w0 = writtenBytes();
    t = clock();
    for (let ts = NOW + TICK; ts <= end; ts += TICK) {
      for (let i = 0; i < SERIES; i++) values[i] = rawValue(i, ts);
      legacy.record(values, ts);
      if (ts % MIN === 0) legacy.maintain(ts, SERIES);
    }
    const w1 = writtenBytes();
    const legacyPerDay = w0 === undefined || w1 === undefined ? undefined : ((w1 - w0) / (MINUTES * MIN)) * DAY;
    log(`  ${((clock() - t) / 1000).toFixed(1)} s; bytes written: ${legacyPerDay === undefined ? "unknown" : `${bytes(legacyPerDay)} a day`}`);
    legacyDb.close();
    fs.rmSync(legacyDir, { recursive: true, force: true });

    table.push({ label: `record() tick, ${int(SERIES)} points`, ours: `${msf(median(tickMs))} ms (p95 ${msf(p95(tickMs))})`, base: "", ratio: "" });
    table.push({ label: "maintain() pass / longest block", ours: `${msf(median(pm))} / ${msf(longestBlock)} ms`, base: "", ratio: "" });
    if (perDay !== undefined) {
      table.push({
        label: "bytes written a day (collect + maintain)",
        ours: bytes(perDay),
        base: legacyPerDay === undefined ? "" : `${bytes(legacyPerDay)} keyed by series`,
        ratio: legacyPerDay === undefined ? "" : `${x(legacyPerDay / perDay)} less`,
      });
    }

    // Size in operation: after the collection above, WAL included (it is not truncated while running).
    const sizeRatio = baselineBytes / afterBytes;
    table.unshift(
      { label: `size on disk, ${int(SERIES)} series (db+wal)`, ours: bytes(afterBytes), base: `${bytes(baselineBytes)} (extrap.)`, ratio: `${x(sizeRatio)} smaller` },
      { label: "bytes per series", ours: bytes(afterBytes / SERIES), base: bytes(rawBytesPerRow * WEEK_POINTS), ratio: "" },
      { label: "rows per series", ours: int(storeRows / SERIES), base: int(WEEK_POINTS), ratio: `${x(rowsRatio)} fewer` },
    );

    // -- 4. summary --------------------------------------------------------------------
    log(`\n== Summary (${int(SERIES)} series; baseline = raw 5 s samples kept for the whole week) ==`);
    log(`${"".padEnd(40)} ${"QueueDeck".padEnd(22)} ${"baseline".padEnd(24)} ratio`);
    for (const r of table) log(`${r.label.padEnd(40)} ${r.ours.padEnd(22)} ${r.base.padEnd(24)} ${r.ratio}`);
    const q7 = q["7 d"]!;
    const worstP95 = Math.max(...ranges.map(([n]) => p95(q[n]!)));
    const verdict = (ok: boolean, s: string) => verdicts.push(`${ok ? "OK    " : "FAILED"} ${s}`);
    verdict(
      boundsFilled && boundsSlice && boundsAfter && wrong === 0,
      `bounded: rows per series stay at ${int(storeRows / SERIES)} whatever the history length (real record()+maintain() hour and ${MINUTES} min on the full store keep every tier at its bound; rolled values exact)`,
    );
    verdict(
      sizeRatio >= 10,
      `size: ${bytes(afterBytes)} on disk for ${int(SERIES)} series (${bytes(afterBytes / SERIES)}/series, WAL included), ${x(sizeRatio)} smaller than a raw week (target >= 10x)`,
    );
    verdict(worstP95 < 20, `query: every range p95 <= ${msf(worstP95)} ms; 7 d median ${msf(median(q7))} ms, ${x(median(baseRaw.ms) / median(q7))} faster than reading the raw week (target p95 < 20 ms)`);
    verdict(
      p95(tickMs) < 250,
      `record(): a ${int(SERIES)}-point tick takes ${msf(median(tickMs))} ms median, p95 ${msf(p95(tickMs))} ms, blocking (target p95 < 250 ms = 5% of the 5 s interval)`,
    );
    verdict(
      longestBlock < 200,
      `maintain(): a full pass over ${int(SERIES)} series takes ${msf(median(pm))} ms (max ${msf(max(pm))}), blocking the event loop at most ${msf(longestBlock)} ms at a time (target < 200 ms)`,
    );
    if (perDay !== undefined) {
      const samplesPerDay = SERIES * 20 * (86_400_000 / 5000);
      const amp = perDay / samplesPerDay;
      verdicts.push(
        `${amp < 10 ? "OK    " : "WARN  "} writes: ~${bytes(perDay)} a day for ${bytes(samplesPerDay)} of samples (${x(amp)}, target < 10x)` +
          (legacyPerDay === undefined ? "" : `; the layout keyed by series wrote ${bytes(legacyPerDay)} (${x(legacyPerDay / perDay)} more)`),
      );
    }
    log("");
    for (const v of verdicts) log(v);
    log(`\n(total ${((clock() - started) / 1000).toFixed(0)} s)`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
