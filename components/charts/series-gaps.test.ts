import { describe, expect, it } from "vitest";
import { withGaps } from "./series-gaps";

const at = (...ts: number[]) => ts.map((t) => ({ t, v: t / 1000 }));

describe("withGaps", () => {
  it("breaks the line where neighbours are more than three typical steps apart", () => {
    // 5 s steps, then 60 s without data (a restart), then 5 s steps again.
    const out = withGaps(at(0, 5000, 10_000, 15_000, 75_000, 80_000, 85_000));
    expect(out.map((p) => p.v)).toEqual([0, 5, 10, 15, null, 75, 80, 85]);
    expect(out[4]!.t).toBe(45_000);
  });

  it("keeps regular and slightly jittered series whole", () => {
    expect(withGaps(at(0, 5000, 10_000, 15_000)).some((p) => p.v === null)).toBe(false);
    expect(withGaps(at(0, 4000, 11_000, 15_000, 19_500)).some((p) => p.v === null)).toBe(false);
  });

  it("leaves too short series and repeated timestamps alone", () => {
    expect(withGaps(at(0, 100_000))).toHaveLength(2);
    expect(withGaps(at(0, 0, 0, 100_000)).some((p) => p.v === null)).toBe(false);
  });
});
