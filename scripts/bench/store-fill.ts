// The store benchmark's data: deterministic values per series and tick, and filling a store with
// what a week of collection leaves (scripts/bench/store.ts runs the measurements).
import type Database from "better-sqlite3";

/** The raw SQLite handle: these fills and the legacy layout work below the store interface. */
type Db = Database.Database;
import { DEFAULT_RETENTION, LATE_MS } from "../../server/store/series";
import { LEGACY_SCHEMA } from "./store-legacy";

export const TICK = 5_000;
export const MIN = 60_000;
export const QUARTER = 15 * MIN;
const HOUR = 60 * MIN;
export const SOURCE = "bench";
const METRICS = ["depth", "in", "out", "consumers"] as const;
/** Rows per transaction while filling. */
const TX_ROWS = 500_000;
const R = DEFAULT_RETENTION;

export const log = (s = "") => console.log(s);
export const clock = () => performance.now();
export const int = (n: number) => Math.round(n).toLocaleString("en");

// ---- deterministic values --------------------------------------------------------------

export function noise(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b | 0, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export const smooth = (idx: number, ts: number) =>
  idx % 4 === 0 ? 400 + 350 * Math.sin(ts / (2 * HOUR) + idx) : 20 + 15 * Math.sin(ts / HOUR + idx);
export const consumers = (idx: number) => (idx >> 2) % 8;

/** What the collector would record for series `idx` at `ts`. */
export function rawValue(idx: number, ts: number): number {
  const n = noise(idx, ts / TICK);
  switch (idx % 4) {
    case 0:
      return Math.max(0, Math.round(smooth(idx, ts) + 40 * n));
    case 3:
      return consumers(idx) + (n > 0.995 ? 1 : 0);
    default:
      return Math.round((smooth(idx, ts) + 5 * n) * 10) / 10;
  }
}

/** A plausible (avg, min, max) for a bucket: avg fractional, min/max in the raw values' domain. */
const agg = new Float64Array(3);
export function rollupValue(idx: number, ts: number): Float64Array {
  const s = smooth(idx, ts);
  const n = noise(idx ^ 0x5bd1e995, ts / MIN);
  switch (idx % 4) {
    case 0:
      agg[0] = Math.max(0, s + 20 * n);
      agg[1] = Math.max(0, Math.round(s - 5 - 10 * n));
      agg[2] = Math.max(0, Math.round(s + 25 + 15 * n));
      break;
    case 3:
      agg[0] = agg[1] = consumers(idx);
      agg[2] = consumers(idx) + (n > 0.9 ? 1 : 0);
      break;
    default:
      agg[0] = s + 2.5 + (n - 0.5) / 3;
      agg[1] = Math.round((s + n) * 10) / 10;
      agg[2] = Math.round((s + 4 + n) * 10) / 10;
  }
  return agg;
}

export const entity = (idx: number) => `queue:bench.q${idx >> 2}`;
export const metric = (idx: number) => METRICS[idx % 4]!;

// ---- filling ---------------------------------------------------------------------------

export type Table = "points_raw" | "points_1m" | "points_15m";
export const TABLES: Table[] = ["points_raw", "points_1m", "points_15m"];
export type Layout = "time" | "legacy";
export const TABLE_OF: Record<Layout, Record<Table, string>> = {
  time: { points_raw: "points_raw", points_1m: "points_1m", points_15m: "points_15m" },
  legacy: { points_raw: "legacy_raw", points_1m: "legacy_1m", points_15m: "legacy_15m" },
};
export const ceilTo = (t: number, step: number) => Math.ceil(t / step) * step;
export const floorTo = (t: number, step: number) => Math.floor(t / step) * step;

/** Series rows ids 1..n for series indexes 0..n-1. */
export function createSeries(db: Db, n: number): void {
  const ins = db.prepare("INSERT INTO series (id, source, entity, metric) VALUES (?, ?, ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < n; i++) ins.run(i + 1, SOURCE, entity(i), metric(i));
  })();
}

/** Rows at first, first+step, ..., last for series 0..n-1, tick by tick as the collector writes. */
export function fillTable(db: Db, table: string, n: number, first: number, last: number, step: number): number {
  const rollup = !table.endsWith("_raw");
  const ins = db.prepare(
    rollup
      ? `INSERT INTO ${table} (series_id, ts, value, min, max) VALUES (?, ?, ?, ?, ?)`
      : `INSERT INTO ${table} (series_id, ts, value) VALUES (?, ?, ?)`,
  );
  // The raw tier's chart reads seek the ticks a source recorded.
  const tick = table === "points_raw" ? db.prepare("INSERT INTO ticks (source, ts) VALUES (?, ?)") : undefined;
  const ticksPerTx = Math.max(1, Math.floor(TX_ROWS / n));
  let rows = 0;
  const tx = db.transaction((from: number, to: number) => {
    for (let ts = from; ts <= to; ts += step) {
      tick?.run(SOURCE, ts);
      for (let i = 0; i < n; i++) {
        if (rollup) {
          const a = rollupValue(i, ts);
          ins.run(i + 1, ts, a[0], a[1], a[2]);
        } else ins.run(i + 1, ts, rawValue(i, ts));
      }
      rows += n;
    }
  });
  for (let ts = first; ts <= last; ts += step * ticksPerTx) tx(ts, Math.min(last, ts + step * (ticksPerTx - 1)));
  return rows;
}

/** Where maintain() at `at` has rolled up to: minutes `LATE_MS` old, and the quarters they complete. */
export const rolledUntil = (at: number) => {
  const minute = floorTo(at - LATE_MS, MIN);
  return { minute, quarter: floorTo(minute, QUARTER) };
};

/** What a week of collection leaves just after a maintain() at `at`: the three tiers within retention. */
export function fillRetained(db: Db, n: number, at: number, layout: Layout = "time"): void {
  if (layout === "time") createSeries(db, n);
  else db.exec(LEGACY_SCHEMA);
  // The legacy store rolled everything finished and re-rolled the last bucket next time.
  const until = layout === "time" ? rolledUntil(at) : { minute: floorTo(at, MIN), quarter: floorTo(at, QUARTER) };
  const names = TABLE_OF[layout];
  const spans: [string, number, number, number][] = [
    [names.points_15m, ceilTo(at - R.fifteenMinuteMs, QUARTER), until.quarter - QUARTER, QUARTER],
    [names.points_1m, ceilTo(at - R.oneMinuteMs, MIN), until.minute - MIN, MIN],
    [names.points_raw, ceilTo(at - R.rawMs, TICK), at, TICK],
  ];
  for (const [table, first, last, step] of spans) {
    const t = clock();
    const rows = fillTable(db, table, n, first, last, step);
    log(`  filled ${table.padEnd(12)} ${int(rows).padStart(11)} rows in ${((clock() - t) / 1000).toFixed(1)} s`);
  }
  const st = db.prepare(`INSERT OR REPLACE INTO ${layout === "time" ? "rollup_state" : "legacy_state"} (tier, done_until) VALUES (?, ?)`);
  if (layout === "time") {
    st.run("1m", until.minute);
    st.run("15m", until.quarter);
  } else {
    st.run("1m", until.minute - MIN);
    st.run("15m", until.quarter - QUARTER);
  }
}

/** Pragmas for a fast bulk fill only; the store is reopened with openDb's own settings afterwards. */
export function forFill(db: Db): Db {
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -1500000");
  return db;
}

export function closeClean(db: Db): void {
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}
