import { describe, expect, it } from "vitest";
import { drainSeconds, secondsAtRate, trendOf } from "./trend";

describe("trend and drain", () => {
  it("calls a change under 10% (or under one) stable", () => {
    expect(trendOf(100, 109)).toBe("stable");
    expect(trendOf(100, 111)).toBe("rising");
    expect(trendOf(100, 80)).toBe("falling");
    expect(trendOf(0, 0)).toBe("stable");
    expect(trendOf(0, 1)).toBe("rising");
  });

  it("drains at the net rate it shrank at, and not at all when it grows", () => {
    // 600 fewer over 5 minutes = 2/s: 400 left take 200 s.
    expect(drainSeconds(400, 1000, 400, 300_000)).toBe(200);
    expect(drainSeconds(400, 300, 400, 300_000)).toBeNull();
    expect(drainSeconds(0, 10, 0, 300_000)).toBe(0);
  });

  it("turns a backlog and a consume rate into seconds behind", () => {
    expect(secondsAtRate(500, 10)).toBe(50);
    expect(secondsAtRate(500, 0)).toBeNull();
    expect(secondsAtRate(0, 0)).toBe(0);
  });
});
