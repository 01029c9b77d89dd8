import "server-only";
import type { Db } from "./db";
import type { MetricPoint } from "@/server/brokers/adapter";
import { errorText } from "@/server/redact";

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
const TIER_GRACE_MS = 5 * MINUTE;
const QUARTER = 15 * MINUTE;

export interface SeriesPoint {
  t: number;
  v: number;
  min?: number;
  max?: number;
}

type Tier = "raw" | "1m" | "15m";
const TABLE: Record<Tier, string> = { raw: "samples_raw", "1m": "samples_1m", "15m": "samples_15m" };

/**
 * Raw samples wait in memory this long before they are written. Each write dirties one page
 * per series, so writing every 5 s tick made SQLite write ~400× the data (1.7 TB a day at
 * 10,000 series); once a minute cuts that by the number of ticks per minute. A crash loses at
 * most this much chart history, never anything of the brokers'.
 */
export const DEFAULT_FLUSH_EVERY_MS = 60_000;

export class SeriesStore {
  private ids = new Map<string, number>();
  /** series id -> buffered [ts, value] pairs, oldest first. */
  private pending = new Map<number, [number, number][]>();
  private flushing: { batch: Map<number, [number, number][]>; done: Promise<void> } | undefined;
  private lastFlush: number | undefined;
  private readonly insert;
  private readonly findId;
  private readonly createId;

  constructor(
    private readonly db: Db,
    readonly retention: Retention = DEFAULT_RETENTION,
    private readonly flushEveryMs = DEFAULT_FLUSH_EVERY_MS,
  ) {
    this.insert = db.prepare("INSERT OR REPLACE INTO samples_raw (series_id, ts, value) VALUES (?, ?, ?)");
    this.findId = db.prepare("SELECT id FROM series WHERE source = ? AND entity = ? AND metric = ?");
    this.createId = db.prepare("INSERT INTO series (source, entity, metric) VALUES (?, ?, ?)");
  }

  private seriesId(source: string, entity: string, metric: string, create: boolean): number | undefined {
    const key = `${source}\u0000${entity}\u0000${metric}`;
    const cached = this.ids.get(key);
    if (cached !== undefined) return cached;
    const row = this.findId.get(source, entity, metric) as { id: number } | undefined;
    let id = row?.id;
    if (id === undefined && create) id = Number(this.createId.run(source, entity, metric).lastInsertRowid);
    if (id !== undefined) this.ids.set(key, id);
    return id;
  }

  /** Buffers one tick's numbers; starts writing everything buffered once `flushEveryMs` has passed. */
  record(source: string, points: readonly MetricPoint[], at: number): void {
    for (const p of points) {
      if (!Number.isFinite(p.value)) continue;
      const id = this.seriesId(source, p.entity, p.metric, true)!;
      const list = this.pending.get(id);
      if (list) list.push([at, p.value]);
      else this.pending.set(id, [[at, p.value]]);
    }
    this.lastFlush ??= at;
    if (at - this.lastFlush >= this.flushEveryMs && !this.flushing) {
      this.lastFlush = at;
      // Chart history is not worth the process: a failed write is logged and that minute dropped.
      this.flushInChunks().catch((err: unknown) => console.error(`[series] flush failed: ${errorText(err)}`));
    }
  }

  /**
   * Writes what is buffered, series by series (each series' page is dirtied once), in chunks
   * that yield between them so that 10,000 series never block the server for long.
   */
  async flushInChunks(chunk = 1000): Promise<void> {
    // One flush at a time; what was buffered meanwhile goes in the next one.
    while (this.flushing) await this.flushing.done;
    const batch = this.pending;
    this.pending = new Map();
    const done = (async () => {
      const ids = [...batch.keys()];
      for (let i = 0; i < ids.length; i += chunk) {
        this.writeRows(batch, ids.slice(i, i + chunk));
        await new Promise((r) => setImmediate(r));
      }
    })().finally(() => {
      this.flushing = undefined;
    });
    this.flushing = { batch, done };
    return done;
  }

  /** Writes everything buffered now, in one go (shutdown). */
  flush(): void {
    if (this.flushing) this.writeRows(this.flushing.batch, [...this.flushing.batch.keys()]);
    this.writeRows(this.pending, [...this.pending.keys()]);
  }

  private writeRows(batch: Map<number, [number, number][]>, ids: number[]): void {
    this.db.transaction(() => {
      for (const id of ids) {
        const rows = batch.get(id);
        if (!rows) continue;
        batch.delete(id);
        for (const [ts, v] of rows) this.insert.run(id, ts, v);
      }
    })();
  }

  /** Writes one series' buffered samples (a chart is about to read it). */
  private flushSeries(id: number): void {
    if (this.flushing) this.writeRows(this.flushing.batch, [id]);
    this.writeRows(this.pending, [id]);
  }

  /** Points between from and to, at the finest resolution still kept, at most ~maxPoints. */
  query(source: string, entity: string, metric: string, from: number, to: number, now = Date.now(), maxPoints = 600): SeriesPoint[] {
    const id = this.seriesId(source, entity, metric, false);
    if (id === undefined || to <= from) return [];
    this.flushSeries(id);
    // A range of exactly one retention ("the last hour") reaches the server a few ms after the
    // client computed it: a grace keeps it on the finer tier, which still holds those points
    // until the next maintenance run prunes them.
    const grace = TIER_GRACE_MS;
    const tier: Tier =
      from >= now - this.retention.rawMs - grace ? "raw" : from >= now - this.retention.oneMinuteMs - grace ? "1m" : "15m";
    const floor = tier === "raw" ? 0 : tier === "1m" ? MINUTE : QUARTER;
    const step = Math.max(floor, Math.ceil((to - from) / maxPoints / 1000) * 1000);
    const minCol = tier === "raw" ? "value" : "min";
    const maxCol = tier === "raw" ? "value" : "max";
    const rows = this.db
      .prepare(
        step <= floor || step <= 1000
          ? `SELECT ts AS t, value AS v, ${minCol} AS min, ${maxCol} AS max FROM ${TABLE[tier]} WHERE series_id = ? AND ts >= ? AND ts <= ? ORDER BY ts`
          : `SELECT (ts / ${step}) * ${step} AS t, AVG(value) AS v, MIN(${minCol}) AS min, MAX(${maxCol}) AS max FROM ${TABLE[tier]} WHERE series_id = ? AND ts >= ? AND ts <= ? GROUP BY t ORDER BY t`,
      )
      .all(id, from, to) as SeriesPoint[];
    return rows;
  }

  /**
   * Rolls raw samples into 1-minute buckets and those into 15-minute ones, then drops what
   * is past retention. Works series by series on the primary key, in chunks, yielding between
   * chunks so that a large store never blocks the server for long.
   */
  async maintain(now = Date.now(), chunk = 500): Promise<void> {
    await this.flushInChunks();
    const state = (tier: string) =>
      (this.db.prepare("SELECT done_until FROM rollup_state WHERE tier = ?").get(tier) as { done_until: number } | undefined)
        ?.done_until ?? 0;
    const setState = this.db.prepare("INSERT OR REPLACE INTO rollup_state (tier, done_until) VALUES (?, ?)");
    const ids = (this.db.prepare("SELECT id FROM series ORDER BY id").all() as { id: number }[]).map((r) => r.id);

    const minuteFrom = state("1m");
    const minuteTo = Math.floor(now / MINUTE) * MINUTE;
    const quarterFrom = state("15m");
    const quarterTo = Math.floor(now / QUARTER) * QUARTER;

    const rollMinute = this.db.prepare(
      `INSERT OR REPLACE INTO samples_1m (series_id, ts, value, min, max)
       SELECT series_id, (ts / ${MINUTE}) * ${MINUTE} AS b, AVG(value), MIN(value), MAX(value)
       FROM samples_raw WHERE series_id = ? AND ts >= ? AND ts < ? GROUP BY b`,
    );
    const rollQuarter = this.db.prepare(
      `INSERT OR REPLACE INTO samples_15m (series_id, ts, value, min, max)
       SELECT series_id, (ts / ${QUARTER}) * ${QUARTER} AS b, AVG(value), MIN(min), MAX(max)
       FROM samples_1m WHERE series_id = ? AND ts >= ? AND ts < ? GROUP BY b`,
    );
    const prune = (tier: Tier) => this.db.prepare(`DELETE FROM ${TABLE[tier]} WHERE series_id = ? AND ts < ?`);
    const pruneRaw = prune("raw");
    const prune1m = prune("1m");
    const prune15m = prune("15m");

    for (let i = 0; i < ids.length; i += chunk) {
      const slice = ids.slice(i, i + chunk);
      this.db.transaction(() => {
        for (const id of slice) {
          if (minuteTo > minuteFrom) rollMinute.run(id, minuteFrom, minuteTo);
          if (quarterTo > quarterFrom) rollQuarter.run(id, quarterFrom, quarterTo);
          pruneRaw.run(id, now - this.retention.rawMs);
          prune1m.run(id, now - this.retention.oneMinuteMs);
          prune15m.run(id, now - this.retention.fifteenMinuteMs);
        }
      })();
      await new Promise((r) => setImmediate(r));
    }
    // Re-roll the last finished bucket next time too: a late sample may still land in it.
    if (minuteTo > minuteFrom) setState.run("1m", Math.max(minuteFrom, minuteTo - MINUTE));
    if (quarterTo > quarterFrom) setState.run("15m", Math.max(quarterFrom, quarterTo - QUARTER));
  }
}
