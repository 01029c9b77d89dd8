import { describe, expect, it } from "vitest";
import { RecordTimes } from "./record-times";

describe("RecordTimes", () => {
  it("finds a timestamp by topic, partition and offset", () => {
    const t = new RecordTimes(100);
    t.set("a", 0, 5, 1000);
    t.set("a", 1, 5, 2000);
    expect([t.get("a", 0, 5), t.get("a", 1, 5), t.get("a", 0, 6), t.get("b", 0, 5)]).toEqual([1000, 2000, undefined, undefined]);
  });

  it("keeps at most its capacity, dropping first what was not looked up for a generation", () => {
    const t = new RecordTimes(4); // generations of 2
    t.set("a", 0, 1, 1);
    t.set("a", 0, 2, 2); // young full: becomes old
    expect(t.get("a", 0, 1)).toBe(1); // promoted to young
    t.set("a", 0, 3, 3); // young full again: {1, 3} becomes old, {1, 2} dropped
    expect([t.get("a", 0, 1), t.get("a", 0, 2), t.get("a", 0, 3)]).toEqual([1, undefined, 3]);
    expect(t.size).toBeLessThanOrEqual(4);
  });
});
