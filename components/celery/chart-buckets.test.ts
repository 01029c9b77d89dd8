import { describe, expect, it } from "vitest";
import { bucketCounts, countUnit } from "./chart-buckets";

const point = (t: number, succeeded: number, failed: number) => ({ t, succeeded, failed, runtimeP50: null, runtimeP95: null, runtimeP99: null, waitP50: null });
const MIN = 60_000;

describe("throughput buckets", () => {
  it("keep minutes for an hour, with empty minutes as zeros", () => {
    const from = 100 * MIN;
    const { minutes, bars } = bucketCounts([point(from + 2 * MIN, 3, 1)], from, from + 60 * MIN);
    expect(minutes).toBe(1);
    expect(bars).toHaveLength(61);
    expect(bars[2]).toEqual({ t: from + 2 * MIN, succeeded: 3, failed: 1 });
    expect(bars[3]).toEqual({ t: from + 3 * MIN, succeeded: 0, failed: 0 });
  });

  it("sum minutes into wider buckets over long ranges", () => {
    const from = 0;
    const to = 7 * 24 * 60 * MIN;
    const { minutes, bars } = bucketCounts([point(0, 1, 0), point(MIN, 2, 5), point(61 * MIN, 1, 1)], from, to);
    expect(minutes).toBe(60);
    expect(bars.length).toBeLessThanOrEqual(180);
    expect(bars[0]).toEqual({ t: 0, succeeded: 3, failed: 5 });
    expect(bars[1]).toEqual({ t: 60 * MIN, succeeded: 1, failed: 1 });
    expect(countUnit(60)).toBe("tasks/h");
    expect(countUnit(15)).toBe("tasks/15 min");
    expect(countUnit(1)).toBe("tasks/min");
  });
});
