import "server-only";
import type { Db } from "./db";
import type { MetricPoint } from "@/server/brokers/adapter";

/** How long each resolution is kept. Bounded: 10,000 series × a week stay a few hundred MB. */
export interface Retention {
  rawMs: number;
  oneMinuteMs: number;
  fifteenMinuteMs: number;
}

export const DEFAULT_RETENTION: Retention = {
  rawMs: 60 * 60_000,
  oneMinuteMs: 12 * 60 * 60_000,
  fifteenMinuteMs: 8 * 24 * 60 * 60_000,
};

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const TIER_GRACE_MS = 5 * MINUTE;
/**
 * A sample carries its tick's start time but is recorded when the tick ends (the sampler's
 * timeout is 30 s by default): a minute is rolled up only once this much time has passed after it.
 */
export const LATE_MS = MINUTE;

export interface SeriesPoint {
  t: number;
  v: number;
  min?: number;
  max?: number;
}

type Tier = "raw" | "1m" | "15m";
const TABLE: Record<Tier, string> = { raw: "points_raw", "1m": "points_1m", "15m": "points_15m" };
const BUCKET: Record<Tier, number> = { raw: 0, "1m": MINUTE, "15m": QUARTER };
/** Pruning deletes the oldest rows in slices of this much time, yielding between slices. */
const PRUNE_SLICE_MS: Record<Tier, number> = { raw: 15_000, "1m": 5 * MINUTE, "15m": 4 * QUARTER };

/** Rows per INSERT statement: one statement per row costs ~2.5× as much at 10,000 points a tick. */
const INSERT_BATCH = 200;

const floorTo = (t: number, step: number) => Math.floor(t / step) * step;
const ceilTo = (t: number, step: number) => Math.ceil(t / step) * step;
const yieldToEventLoop = () => new Promise((r) => setImmediate(r));

/**
 * Chart history, time-major: every table's key starts with the timestamp, so a tick of 10,000
 * series appends ~60 pages at the end of one B-tree, and pruning drops whole pages at its head.
 * (Keyed by series first, each tick dirtied one page per series: ~0.5 TB written a day at 10,000
 * series.) A chart reads one series by seeking each timestamp: the ticks a source recorded for
 * raw samples, every bucket for the rollups, ≤ ~800 seeks.
 */
export class SeriesStore {
  private ids = new Map<string, number>();
  /** SQLite wants `CROSS JOIN` to keep the driving table outside; PostgreSQL plans joins itself and has no `CROSS JOIN ... ON`. */
  private readonly join: string;

  constructor(
    private readonly db: Db,
    readonly retention: Retention = DEFAULT_RETENTION,
  ) {
    this.join = db.dialect === "sqlite" ? "CROSS JOIN" : "JOIN";
  }

  /** A series' id; ids never change, so they are cached (also across replicas sharing one database). */
  private async seriesId(db: Db, source: string, entity: string, metric: string, create: boolean): Promise<number | undefined> {
    const key = `${source}\u0000${entity}\u0000${metric}`;
    const cached = this.ids.get(key);
    if (cached !== undefined) return cached;
    const find = "SELECT id FROM series WHERE source = ? AND entity = ? AND metric = ?";
    let id = (await db.get<{ id: number }>(find, [source, entity, metric]))?.id;
    if (id === undefined && create) {
      // Another replica may create the same series at the same moment: the unique key decides.
      id = (await db.get<{ id: number }>("INSERT INTO series (source, entity, metric) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING id", [source, entity, metric]))?.id;
      id ??= (await db.get<{ id: number }>(find, [source, entity, metric]))?.id;
    }
    if (id !== undefined) this.ids.set(key, Number(id));
    return id === undefined ? undefined : Number(id);
  }

  /**
   * PostgreSQL: the ids of a tick's new series in two statements (a first tick of 10,000 series
   * would otherwise take 20,000 round trips). SQLite looks each up in-process, which costs less.
   */
  private async createIds(q: Db, source: string, points: readonly MetricPoint[]): Promise<void> {
    const missing = new Map<string, MetricPoint>();
    for (const p of points) {
      const key = `${source}\u0000${p.entity}\u0000${p.metric}`;
      if (Number.isFinite(p.value) && !this.ids.has(key)) missing.set(key, p);
    }
    if (!missing.size) return;
    const entities = [...missing.values()].map((p) => p.entity);
    const metrics = [...missing.values()].map((p) => p.metric);
    const pairs = "unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS u(e, m)";
    await q.run(`INSERT INTO series (source, entity, metric) SELECT ?, e, m FROM ${pairs} ON CONFLICT DO NOTHING`, [source, entities, metrics]);
    const rows = await q.all<{ id: number; entity: string; metric: string }>(
      `SELECT s.id, s.entity, s.metric FROM ${pairs} JOIN series s ON s.source = ? AND s.entity = u.e AND s.metric = u.m`,
      [entities, metrics, source],
    );
    for (const r of rows) this.ids.set(`${source}\u0000${r.entity}\u0000${r.metric}`, Number(r.id));
  }

  /** Writes one tick's numbers, in key order: appended at the end of the raw table. */
  async record(source: string, points: readonly MetricPoint[], at: number): Promise<void> {
    try {
      await this.db.tx(async (q) => {
        if (q.dialect === "postgres") await this.createIds(q, source, points);
        const rows: [number, number][] = [];
        for (const p of points) {
          if (!Number.isFinite(p.value)) continue;
          const id = this.ids.get(`${source}\u0000${p.entity}\u0000${p.metric}`) ?? (await this.seriesId(q, source, p.entity, p.metric, true))!;
          rows.push([id, p.value]);
        }
        if (!rows.length) return;
        rows.sort((a, b) => a[0] - b[0]);
        await q.run("INSERT INTO ticks (source, ts) VALUES (?, ?) ON CONFLICT DO NOTHING", [source, at]);
        await (q.dialect === "sqlite" ? insertBatches(q, at, rows) : insertArrays(q, at, rows));
      });
    } catch (err) {
      // Series created in the rolled-back transaction are gone: forget their cached ids.
      this.ids.clear();
      throw err;
    }
  }

  /** Points between from and to, at the finest resolution still kept, at most ~maxPoints. */
  async query(source: string, entity: string, metric: string, from: number, to: number, now = Date.now(), maxPoints = 600): Promise<SeriesPoint[]> {
    const id = await this.seriesId(this.db, source, entity, metric, false);
    if (id === undefined || to <= from) return [];
    // A range of exactly one retention ("the last hour") reaches the server a few ms after the
    // client computed it: a grace keeps it on the finer tier, which still holds those points
    // until the next maintenance run prunes them.
    const grace = TIER_GRACE_MS;
    const tier: Tier =
      from >= now - this.retention.rawMs - grace ? "raw" : from >= now - this.retention.oneMinuteMs - grace ? "1m" : "15m";
    const rows = tier === "raw" ? await this.readRaw(source, id, from, to) : await this.readRollup(tier, id, from, to);
    const step = Math.max(BUCKET[tier], Math.ceil((to - from) / maxPoints / 1000) * 1000);
    return step <= BUCKET[tier] || step <= 1000 ? rows : downsample(rows, step);
  }

  /** The first and last raw points between from and to (one seek each), for growth over a window. */
  async edges(source: string, entity: string, metric: string, from: number, to: number): Promise<{ first: SeriesPoint; last: SeriesPoint } | undefined> {
    const id = await this.seriesId(this.db, source, entity, metric, false);
    if (id === undefined || to <= from) return undefined;
    const sql = (order: "ASC" | "DESC") =>
      `SELECT p.ts AS t, p.value AS v, p.value AS min, p.value AS max
       FROM ticks k ${this.join} points_raw p ON p.ts = k.ts AND p.series_id = ?
       WHERE k.source = ? AND k.ts >= ? AND k.ts <= ? ORDER BY k.ts ${order} LIMIT 1`;
    const first = await this.db.get<SeriesPoint>(sql("ASC"), [id, source, from, to]);
    const last = await this.db.get<SeriesPoint>(sql("DESC"), [id, source, from, to]);
    return first && last ? { first, last } : undefined;
  }

  private readRaw(source: string, id: number, from: number, to: number): Promise<SeriesPoint[]> {
    // CROSS JOIN keeps the ticks outside: one primary-key seek per tick of this source.
    return this.db.all<SeriesPoint>(
      `SELECT p.ts AS t, p.value AS v, p.value AS min, p.value AS max
       FROM ticks k ${this.join} points_raw p ON p.ts = k.ts AND p.series_id = ?
       WHERE k.source = ? AND k.ts >= ? AND k.ts <= ? ORDER BY k.ts`,
      [id, source, from, to],
    );
  }

  private async readRollup(tier: "1m" | "15m", id: number, from: number, to: number): Promise<SeriesPoint[]> {
    const step = BUCKET[tier];
    // Two subqueries: SQLite answers a lone MIN() or MAX() from the key, but scans for both at once.
    const bounds = (await this.db.get<{ lo: number | null; hi: number | null }>(
      `SELECT (SELECT MIN(ts) FROM ${TABLE[tier]}) AS lo, (SELECT MAX(ts) FROM ${TABLE[tier]}) AS hi`,
    ))!;
    if (bounds.lo === null || bounds.hi === null) return [];
    const first = Math.max(ceilTo(from, step), bounds.lo);
    const last = Math.min(to, bounds.hi);
    if (first > last) return [];
    return this.db.all<SeriesPoint>(
      `WITH RECURSIVE b(ts) AS (SELECT CAST(? AS BIGINT) UNION ALL SELECT ts + ${step} FROM b WHERE ts + ${step} <= ?)
       SELECT p.ts AS t, p.value AS v, p.min AS min, p.max AS max
       FROM b ${this.join} ${TABLE[tier]} p ON p.ts = b.ts AND p.series_id = ? ORDER BY b.ts`,
      [first, last, id],
    );
  }

  /**
   * Rolls finished minutes of raw samples into 1-minute buckets and finished quarters into
   * 15-minute ones (each bucket once, `LATE_MS` after it ends), then drops what is past
   * retention from the head of each table, in slices that yield to the event loop.
   */
  async maintain(now = Date.now()): Promise<void> {
    const minuteTo = floorTo(now - LATE_MS, MINUTE);
    await this.rollUp("1m", "raw", minuteTo);
    await this.rollUp("15m", "1m", floorTo(minuteTo, QUARTER));
    await this.prune("raw", now - this.retention.rawMs);
    await this.prune("1m", now - this.retention.oneMinuteMs);
    await this.prune("15m", now - this.retention.fifteenMinuteMs);
    await this.db.run("DELETE FROM ticks WHERE ts < ?", [now - this.retention.rawMs]);
  }

  /** Buckets of `tier` from `source` rows, from where the last run stopped up to `until`. */
  private async rollUp(tier: "1m" | "15m", source: Tier, until: number): Promise<void> {
    const step = BUCKET[tier];
    const state = await this.db.get<{ done_until: number }>("SELECT done_until FROM rollup_state WHERE tier = ?", [tier]);
    const head = (await this.db.get<{ lo: number | null }>(`SELECT MIN(ts) AS lo FROM ${TABLE[source]}`))!.lo;
    if (head === null) return;
    const [minCol, maxCol] = source === "raw" ? ["value", "value"] : ["min", "max"];
    // GROUP BY sorts by series id: each bucket's rows are appended in key order.
    const select = `SELECT ?, series_id, AVG(value), MIN(${minCol}), MAX(${maxCol}) FROM ${TABLE[source]} WHERE ts >= ? AND ts < ? GROUP BY series_id`;
    const roll =
      this.db.dialect === "sqlite"
        ? `INSERT OR REPLACE INTO ${TABLE[tier]} (ts, series_id, value, min, max) ${select}`
        : `INSERT INTO ${TABLE[tier]} (ts, series_id, value, min, max) ${select.replace("SELECT ?", "SELECT CAST(? AS BIGINT)")}
           ON CONFLICT (ts, series_id) DO UPDATE SET value = excluded.value, min = excluded.min, max = excluded.max`;
    const setState = "INSERT INTO rollup_state (tier, done_until) VALUES (?, ?) ON CONFLICT (tier) DO UPDATE SET done_until = excluded.done_until";
    for (let b = Math.max(Number(state?.done_until ?? 0), floorTo(Number(head), step)); b + step <= until; b += step) {
      await this.db.tx(async (q) => {
        await q.run(roll, [b, b, b + step]);
        await q.run(setState, [tier, b + step]);
      });
      await yieldToEventLoop();
    }
  }

  private async prune(tier: Tier, before: number): Promise<void> {
    const table = TABLE[tier];
    const head = async () => (await this.db.get<{ lo: number | null }>(`SELECT MIN(ts) AS lo FROM ${table}`))!.lo;
    for (let lo = await head(); lo !== null && lo < before; ) {
      await this.db.run(`DELETE FROM ${table} WHERE ts < ?`, [Math.min(before, Number(lo) + PRUNE_SLICE_MS[tier])]);
      await yieldToEventLoop();
      lo = await head();
    }
  }
}

/** SQLite: INSERT_BATCH rows per statement (one statement per row costs ~2.5× as much). */
async function insertBatches(q: Db, at: number, rows: readonly [number, number][]): Promise<void> {
  const many = `INSERT OR REPLACE INTO points_raw (ts, series_id, value) VALUES ${Array(INSERT_BATCH).fill("(?, ?, ?)").join(", ")}`;
  const args = new Array<number>(INSERT_BATCH * 3);
  let i = 0;
  for (; i + INSERT_BATCH <= rows.length; i += INSERT_BATCH) {
    for (let j = 0; j < INSERT_BATCH; j++) {
      const [id, v] = rows[i + j]!;
      args[j * 3] = at;
      args[j * 3 + 1] = id;
      args[j * 3 + 2] = v;
    }
    await q.run(many, args);
  }
  for (; i < rows.length; i++) await q.run("INSERT OR REPLACE INTO points_raw (ts, series_id, value) VALUES (?, ?, ?)", [at, rows[i]![0], rows[i]![1]]);
}

/** PostgreSQL: the whole tick in one statement, two arrays unnested (one round trip for 10,000 points). */
async function insertArrays(q: Db, at: number, rows: readonly [number, number][]): Promise<void> {
  await q.run(
    `INSERT INTO points_raw (ts, series_id, value) SELECT ?, s, v FROM unnest(CAST(? AS BIGINT[]), CAST(? AS DOUBLE PRECISION[])) AS u(s, v)
     ON CONFLICT (ts, series_id) DO UPDATE SET value = excluded.value`,
    [at, rows.map((r) => r[0]), rows.map((r) => r[1])],
  );
}

/** Averages of v, extremes of min and max, per `step` (bucket start = floor(t / step) * step). */
function downsample(rows: SeriesPoint[], step: number): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  let cur: { t: number; sum: number; n: number; min: number; max: number } | undefined;
  const close = () => cur && out.push({ t: cur.t, v: cur.sum / cur.n, min: cur.min, max: cur.max });
  for (const r of rows) {
    const t = floorTo(r.t, step);
    if (!cur || cur.t !== t) {
      close();
      cur = { t, sum: 0, n: 0, min: Infinity, max: -Infinity };
    }
    cur.sum += r.v;
    cur.n++;
    cur.min = Math.min(cur.min, r.min ?? r.v);
    cur.max = Math.max(cur.max, r.max ?? r.v);
  }
  close();
  return out;
}
