import { describe, expect, it } from "vitest";
import { metricsToPoints, percentiles, ratesFromSamples } from "./throughput";
import { decodeCursor, encodeCursor } from "./job-map";

const MIN = 60_000;

describe("metricsToPoints", () => {
  it("places BullMQ's per-minute counts on their minutes", () => {
    const m0 = 1000 * MIN;
    // Minute m0 is still filling (count - prevCount = 4); data[0] is the minute before it.
    const m = { meta: { count: 20, prevTS: m0 + 5000, prevCount: 16 }, data: [3, 0, 7], count: 3 };
    expect(metricsToPoints(m, m0 - 5 * MIN, m0 + 2 * MIN)).toEqual([
      { t: m0 - 3 * MIN, v: 7 },
      { t: m0 - 2 * MIN, v: 0 },
      { t: m0 - MIN, v: 3 },
      { t: m0, v: 4 },
      { t: m0 + MIN, v: 0 },
      { t: m0 + 2 * MIN, v: 0 },
    ]);
  });
  it("is null when no worker records metrics", () => {
    expect(metricsToPoints({ meta: { count: 0, prevTS: 0, prevCount: 0 }, data: [], count: 0 }, 0, MIN)).toBeNull();
  });
});

describe("ratesFromSamples", () => {
  it("scales positive differences to a minute and ignores drops", () => {
    expect(ratesFromSamples([{ t: 0, v: 10 }, { t: 30_000, v: 20 }, { t: 60_000, v: 5 }])).toEqual([
      { t: 30_000, v: 20 },
      { t: 60_000, v: 0 },
    ]);
  });
});

describe("percentiles", () => {
  it("uses nearest rank", () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(v)).toEqual({ p50: 50, p95: 95, p99: 99 });
    expect(percentiles([7])).toEqual({ p50: 7, p95: 7, p99: 7 });
    expect(percentiles([])).toBeNull();
  });
});

describe("page cursors", () => {
  it("round-trip and reject foreign text", () => {
    const c = { o: 25, id: "job:ü 1", s: "1700000000000" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor("bm9wZQ")).toBeUndefined();
    expect(decodeCursor(Buffer.from(JSON.stringify({ o: -1, id: "x" })).toString("base64url"))).toBeUndefined();
  });
});
