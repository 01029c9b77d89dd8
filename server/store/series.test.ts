import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestStore, STORE_KINDS, STORE_TEST_TIMEOUT, type TestStore } from "@/tests/support/stores";
import type { Sql } from "./sql";
import { SeriesStore } from "./series";

const MIN = 60_000;

describe.each(STORE_KINDS)("SeriesStore on %s", (kind) => {
  let store: TestStore;
  let db: Sql;
  beforeEach(async () => {
    store = await openTestStore(kind);
    db = store.db;
  });
  afterEach(() => store.close());

  it("returns raw points for a recent range", async () => {
    const s = new SeriesStore(db);
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 10; i++) await s.record("src", [{ entity: "queue:a", metric: "depth", value: i }], t0 + i * 5000);
    const pts = await s.query("src", "queue:a", "depth", t0, t0 + 50_000, t0 + 50_000);
    expect(pts.map((p) => p.v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await s.query("src", "queue:b", "depth", t0, t0 + 50_000, t0 + 50_000)).toEqual([]);
  });

  it("rolls up into 1-minute and 15-minute buckets and prunes past retention", async () => {
    const count = async (table: string) => (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n;
    const s = new SeriesStore(db, { rawMs: 10 * MIN, oneMinuteMs: 60 * MIN, fifteenMinuteMs: 24 * 60 * MIN });
    const t0 = Math.floor(1_700_000_000_000 / (15 * MIN)) * 15 * MIN;
    // 30 minutes of samples every 5 s: value = minute index
    for (let t = t0; t < t0 + 30 * MIN; t += 5000) await s.record("src", [{ entity: "", metric: "m", value: Math.floor((t - t0) / MIN) }], t);
    const now = t0 + 30 * MIN;
    // Minutes are rolled once late samples had time to land: a minute after they end.
    await s.maintain(now + MIN);
    // Raw samples and ticks older than 10 minutes are gone: minutes 21..29 are left.
    expect(await count("points_raw")).toBe(9 * 12);
    expect(await count("ticks")).toBe(9 * 12);
    // raw older than 10 min is gone, so a 30-min range past raw retention is served from 1m buckets
    const oneMin = await s.query("src", "", "m", t0, now, now + 11 * MIN);
    expect(oneMin).toHaveLength(30);
    expect(oneMin[29]).toMatchObject({ t: t0 + 29 * MIN, v: 29 });
    expect(oneMin[7]).toMatchObject({ t: t0 + 7 * MIN, v: 7, min: 7, max: 7 });
    // far in the future, only 15-minute buckets are left: averages of minutes 0..14 and 15..29
    await s.maintain(now + 2 * 60 * MIN);
    expect([await count("points_raw"), await count("points_1m"), await count("points_15m")]).toEqual([0, 0, 2]);
    const quarter = await s.query("src", "", "m", t0, now, now + 2 * 60 * MIN);
    expect(quarter.map((p) => p.v)).toEqual([7, 22]);
    expect(quarter[1]).toMatchObject({ min: 15, max: 29 });
  });

  it("downsamples long raw ranges to at most maxPoints", async () => {
    const s = new SeriesStore(db);
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 720; i++) await s.record("src", [{ entity: "", metric: "m", value: i % 2 }], t0 + i * 5000);
    const pts = await s.query("src", "", "m", t0, t0 + 3600_000, t0 + 3600_000, 60);
    expect(pts.length).toBeLessThanOrEqual(61);
    expect(pts[0]!.v).toBeCloseTo(0.5);
  });

  it("writes each tick at once, keyed by time, and seeks one series' points", async () => {
    const s = new SeriesStore(db);
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 6; i++) {
      await s.record("src", [{ entity: "b", metric: "m", value: 100 + i }, { entity: "a", metric: "m", value: i }], t0 + i * 5000);
      await s.record("other", [{ entity: "a", metric: "m", value: -1 - i }], t0 + i * 5000 + 1);
    }
    // SQLite returns rows in key order (the table is keyed by time); PostgreSQL's heap is in insertion order.
    const keys = await db.all<{ ts: number; series_id: number }>("SELECT ts, series_id FROM points_raw");
    expect(keys).toHaveLength(18);
    // Stored in time order: a new tick only ever lands after the ones before it.
    const sorted = [...keys].sort((x, y) => x.ts - y.ts || x.series_id - y.series_id);
    expect(keys).toEqual(sorted);
    expect((await s.query("src", "a", "m", t0, t0 + MIN, t0 + MIN)).map((p) => p.v)).toEqual([0, 1, 2, 3, 4, 5]);
    expect((await s.query("src", "b", "m", t0 + 10_000, t0 + 20_000, t0 + MIN)).map((p) => p.v)).toEqual([102, 103, 104]);
    expect((await s.query("other", "a", "m", t0, t0 + MIN, t0 + MIN)).map((p) => p.v)).toEqual([-1, -2, -3, -4, -5, -6]);
  });

  it("writes a tick of hundreds of series in batched statements, every value intact", async () => {
    const s = new SeriesStore(db);
    const t0 = 1_700_000_000_000;
    const tick = (at: number) => Array.from({ length: 450 }, (_, i) => ({ entity: `queue:q${i}`, metric: "depth", value: i * 10 + at / 5000 }));
    await s.record("src", tick(t0), t0);
    await s.record("src", tick(t0 + 5000), t0 + 5000);
    expect((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM points_raw"))!.n).toBe(900);
    for (const i of [0, 199, 200, 399, 400, 449]) {
      expect((await s.query("src", `queue:q${i}`, "depth", t0, t0 + 5000, t0 + 5000)).map((p) => p.v)).toEqual([i * 10 + t0 / 5000, i * 10 + t0 / 5000 + 1]);
    }
  });

  it("a failed tick leaves no series id behind that the database does not hold", async () => {
    const s = new SeriesStore(db);
    const t0 = 1_700_000_000_000;
    await db.run("ALTER TABLE points_raw RENAME TO points_raw_away");
    await expect(s.record("src", [{ entity: "queue:a", metric: "depth", value: 1 }], t0)).rejects.toThrow();
    await db.run("ALTER TABLE points_raw_away RENAME TO points_raw");
    await s.record("src", [{ entity: "queue:a", metric: "depth", value: 2 }], t0 + 5000);
    const rows = await db.all<{ id: number }>("SELECT id FROM series WHERE entity = 'queue:a'");
    expect(rows).toHaveLength(1);
    expect(await db.all("SELECT series_id, value FROM points_raw")).toEqual([{ series_id: rows[0]!.id, value: 2 }]);
  });

  it("rolls each minute once, only after late samples had time to land", async () => {
    const s = new SeriesStore(db);
    const t0 = Math.floor(1_700_000_000_000 / (15 * MIN)) * 15 * MIN;
    for (let t = t0; t < t0 + 2 * MIN; t += 5000) await s.record("src", [{ entity: "", metric: "m", value: 1 }], t);
    await s.maintain(t0 + 2 * MIN + 30_000);
    const minutes = () => db.all("SELECT ts, value FROM points_1m ORDER BY ts");
    expect(await minutes()).toEqual([{ ts: t0, value: 1 }]);
    // A sample of minute 1 recorded late, before that minute is rolled: it counts.
    await s.record("src", [{ entity: "", metric: "m", value: 14 }], t0 + MIN + 59_000);
    await s.maintain(t0 + 3 * MIN);
    expect(await minutes()).toEqual([
      { ts: t0, value: 1 },
      { ts: t0 + MIN, value: 2 },
    ]);
  });
}, STORE_TEST_TIMEOUT);

describe("SeriesStore on SQLite, schema history", () => {
  it("moves history kept by the first schema into the time-keyed tables", async () => {
    const Database = (await import("better-sqlite3")).default;
    const { migrate } = await import("./migrations");
    const db = new Database(":memory:");
    db.pragma("user_version = 0");
    // Schema 1 only, with a little history in it.
    const first = (await import("./migrations")).MIGRATIONS[0]!;
    db.exec(first as string);
    db.pragma("user_version = 1");
    db.prepare("INSERT INTO series (id, source, entity, metric) VALUES (1, 'src', 'queue:a', 'depth')").run();
    db.prepare("INSERT INTO samples_raw VALUES (1, 1000, 5), (1, 6000, 7)").run();
    db.prepare("INSERT INTO samples_1m VALUES (1, 60000, 6, 5, 7)").run();
    db.prepare("INSERT INTO samples_15m VALUES (1, 900000, 6, 5, 7)").run();
    migrate(db);
    expect(db.prepare("SELECT ts, series_id, value FROM points_raw").all()).toEqual([
      { ts: 1000, series_id: 1, value: 5 },
      { ts: 6000, series_id: 1, value: 7 },
    ]);
    expect(db.prepare("SELECT source, ts FROM ticks").all()).toEqual([
      { source: "src", ts: 1000 },
      { source: "src", ts: 6000 },
    ]);
    expect(db.prepare("SELECT * FROM points_1m").all()).toEqual([{ ts: 60000, series_id: 1, value: 6, min: 5, max: 7 }]);
    expect(db.prepare("SELECT * FROM points_15m").all()).toEqual([{ ts: 900000, series_id: 1, value: 6, min: 5, max: 7 }]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'samples_%'").all()).toEqual([]);
  });
});
