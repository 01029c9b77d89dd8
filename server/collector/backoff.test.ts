import { describe, expect, it } from "vitest";
import { nextDelayMs } from "./backoff";

describe("nextDelayMs", () => {
  it("keeps the interval while the source is up or just failed once", () => {
    expect(nextDelayMs(5000, 0)).toBe(5000);
    expect(nextDelayMs(5000, 1)).toBe(5000);
  });
  it("doubles after repeated failures and caps at 5 s, so a returning source shows up within ~10 s", () => {
    expect(nextDelayMs(1000, 2)).toBe(2000);
    expect(nextDelayMs(1000, 3)).toBe(4000);
    expect(nextDelayMs(1000, 4)).toBe(5000);
    expect(nextDelayMs(5000, 2)).toBe(5000);
    expect(nextDelayMs(5000, 500)).toBe(5000);
  });
  it("never polls a down source more often than an up one", () => {
    expect(nextDelayMs(30_000, 2)).toBe(30_000);
    expect(nextDelayMs(30_000, 50)).toBe(30_000);
  });
});
