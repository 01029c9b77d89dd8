import { describe, expect, it } from "vitest";
import { formatAgoOrIn, formatRuntime } from "./format";

describe("formatRuntime", () => {
  it("gives each duration the precision it needs", () => {
    expect(formatRuntime(null)).toBe("–");
    expect(formatRuntime(0)).toBe("0 ms");
    expect(formatRuntime(0.0004)).toBe("<1 ms");
    expect(formatRuntime(0.0123)).toBe("12 ms");
    expect(formatRuntime(1.234)).toBe("1.23 s");
    expect(formatRuntime(42.26)).toBe("42.3 s");
    expect(formatRuntime(119.6)).toBe("2 min");
    expect(formatRuntime(125)).toBe("2 min 5 s");
    expect(formatRuntime(7200)).toBe("2 h");
    expect(formatRuntime(-0.5)).toBe("−500 ms");
  });
});

describe("formatAgoOrIn", () => {
  it("says ago for the past and in for the future", () => {
    const now = Date.UTC(2026, 11, 2, 12);
    expect(formatAgoOrIn(new Date(now - 180_000).toISOString(), now)).toBe("3 min ago");
    expect(formatAgoOrIn(new Date(now + 300_000).toISOString(), now)).toBe("in 5 min");
  });
});
