import { describe, expect, it } from "vitest";
import { lineKey, mergeOnGrid } from "./merge-series";

describe("mergeOnGrid", () => {
  it("averages each source's points into buckets of one grid, one column per source, gaps as null", () => {
    const from = 0;
    const to = 240_000; // 240 buckets of a second
    const a = { points: [{ t: 1_000, v: 2 }, { t: 1_500, v: 4 }, { t: 3_200, v: 5 }] };
    const b = { points: [{ t: 1_900, v: 10 }, { t: 2_100, v: 7 }] };
    const { step, rows } = mergeOnGrid([a, b], from, to);
    expect(step).toBe(1000);
    expect(rows).toEqual([
      { t: 1_000, [lineKey(0)]: 3, [lineKey(1)]: 10 },
      { t: 2_000, [lineKey(0)]: null, [lineKey(1)]: 7 },
      { t: 3_000, [lineKey(0)]: 5, [lineKey(1)]: null },
    ]);
  });

  it("widens the grid for long ranges, in whole seconds", () => {
    expect(mergeOnGrid([], 0, 3600_000).step).toBe(15_000);
    expect(mergeOnGrid([], 0, 900_000).step).toBe(4_000);
  });
});
