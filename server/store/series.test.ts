import { describe, expect, it } from "vitest";
import { openDb } from "./db";
import { SeriesStore } from "./series";

const MIN = 60_000;

describe("SeriesStore", () => {
  it("returns raw points for a recent range", () => {
    const s = new SeriesStore(openDb(":memory:"));
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 10; i++) s.record("src", [{ entity: "queue:a", metric: "depth", value: i }], t0 + i * 5000);
    const pts = s.query("src", "queue:a", "depth", t0, t0 + 50_000, t0 + 50_000);
    expect(pts.map((p) => p.v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.query("src", "queue:b", "depth", t0, t0 + 50_000, t0 + 50_000)).toEqual([]);
  });

  it("rolls up into 1-minute and 15-minute buckets and prunes past retention", async () => {
    const s = new SeriesStore(openDb(":memory:"), { rawMs: 10 * MIN, oneMinuteMs: 60 * MIN, fifteenMinuteMs: 24 * 60 * MIN });
    const t0 = Math.floor(1_700_000_000_000 / (15 * MIN)) * 15 * MIN;
    // 30 minutes of samples every 5 s: value = minute index
    for (let t = t0; t < t0 + 30 * MIN; t += 5000) s.record("src", [{ entity: "", metric: "m", value: Math.floor((t - t0) / MIN) }], t);
    const now = t0 + 30 * MIN;
    await s.maintain(now);
    // raw older than 10 min is gone, so a 30-min range past raw retention is served from 1m buckets
    const oneMin = s.query("src", "", "m", t0, now, now + 11 * MIN);
    expect(oneMin).toHaveLength(30);
    expect(oneMin[7]).toMatchObject({ t: t0 + 7 * MIN, v: 7, min: 7, max: 7 });
    // far in the future, only 15-minute buckets are left: averages of minutes 0..14 and 15..29
    await s.maintain(now + 2 * 60 * MIN);
    const quarter = s.query("src", "", "m", t0, now, now + 2 * 60 * MIN);
    expect(quarter.map((p) => p.v)).toEqual([7, 22]);
    expect(quarter[1]).toMatchObject({ min: 15, max: 29 });
  });

  it("downsamples long raw ranges to at most maxPoints", () => {
    const s = new SeriesStore(openDb(":memory:"));
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 720; i++) s.record("src", [{ entity: "", metric: "m", value: i % 2 }], t0 + i * 5000);
    const pts = s.query("src", "", "m", t0, t0 + 3600_000, t0 + 3600_000, 60);
    expect(pts.length).toBeLessThanOrEqual(61);
    expect(pts[0]!.v).toBeCloseTo(0.5);
  });
});

describe("SeriesStore buffering", () => {
  it("buffers raw samples, writes them once a minute, and still answers queries with them", async () => {
    const db = openDb(":memory:");
    const s = new SeriesStore(db, undefined, MIN);
    const rows = () => (db.prepare("SELECT COUNT(*) AS n FROM samples_raw").get() as { n: number }).n;
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 6; i++) s.record("src", [{ entity: "a", metric: "m", value: i }, { entity: "b", metric: "m", value: i }], t0 + i * 5000);
    expect(rows()).toBe(0);
    // A chart read writes just its own series first.
    expect(s.query("src", "a", "m", t0, t0 + MIN, t0 + MIN).map((p) => p.v)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rows()).toBe(6);
    // A minute after the first sample, everything buffered is written (in chunks, asynchronously).
    s.record("src", [{ entity: "b", metric: "m", value: 99 }], t0 + MIN);
    await s.flushInChunks();
    expect(rows()).toBe(13);
    s.record("src", [{ entity: "a", metric: "m", value: 7 }], t0 + MIN + 5000);
    s.flush();
    expect(rows()).toBe(14);
  });
});
