import { describe, expect, it } from "vitest";
import { nextDelayMs } from "./backoff";

describe("nextDelayMs", () => {
  it("keeps the interval while the source is up or just failed once", () => {
    expect(nextDelayMs(5000, 0)).toBe(5000);
    expect(nextDelayMs(5000, 1)).toBe(5000);
  });
  it("doubles after repeated failures and caps at 60 s", () => {
    expect(nextDelayMs(5000, 2)).toBe(10_000);
    expect(nextDelayMs(5000, 3)).toBe(20_000);
    expect(nextDelayMs(5000, 5)).toBe(60_000);
    expect(nextDelayMs(5000, 500)).toBe(60_000);
  });
});
