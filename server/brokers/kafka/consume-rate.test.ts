import { describe, expect, it } from "vitest";
import { committedRate, offsetRate, partitionKey, rateFromTotals, timeToDrain } from "./consume-rate";

const sample = (at: number, entries: [string, number, number][]) => ({
  at,
  offsets: new Map(entries.map(([t, p, o]) => [partitionKey(t, p), o])),
});

describe("offsetRate", () => {
  it("sums committed-offset deltas over the interval", () => {
    const prev = sample(1_000, [["a", 0, 100], ["a", 1, 50]]);
    const cur = sample(11_000, [["a", 0, 300], ["a", 1, 150]]);
    expect(offsetRate(prev, cur)).toBe(30); // (200 + 100) / 10 s
  });

  it("skips a partition seen for the first time and one moved backwards by a reset", () => {
    const prev = sample(0, [["a", 0, 100], ["a", 1, 5_000]]);
    const cur = sample(5_000, [["a", 0, 150], ["a", 1, 0], ["b", 0, 9_000_000]]);
    expect(offsetRate(prev, cur)).toBe(10); // only a/0: 50 in 5 s
  });

  it("is null without a previous sample, a positive interval, or partitions in common", () => {
    const cur = sample(5_000, [["a", 0, 10]]);
    expect(offsetRate(null, cur)).toBeNull();
    expect(offsetRate(sample(5_000, [["a", 0, 1]]), cur)).toBeNull();
    expect(offsetRate(sample(0, [["b", 0, 1]]), cur)).toBeNull();
  });

  it("is 0 for a group that did not move", () => {
    expect(offsetRate(sample(0, [["a", 0, 7]]), sample(2_000, [["a", 0, 7]]))).toBe(0);
  });
});

describe("rateFromTotals", () => {
  it("divides the growth by the interval in seconds", () => {
    expect(rateFromTotals(1_000, 1_600, 30_000)).toBe(20);
  });
  it("is null when the total went down or no time passed", () => {
    expect(rateFromTotals(1_000, 900, 30_000)).toBeNull();
    expect(rateFromTotals(1_000, 1_100, 0)).toBeNull();
  });
});

describe("timeToDrain", () => {
  it("is lag / (consume - produce) when the group gains", () => {
    expect(timeToDrain(1_000, 30, 10)).toBe(50);
  });
  it("is 0 without lag, even when rates are unknown", () => {
    expect(timeToDrain(0, null, null)).toBe(0);
  });
  it("is null when the group does not gain on producers or a rate is unknown", () => {
    expect(timeToDrain(1_000, 10, 10)).toBeNull();
    expect(timeToDrain(1_000, 5, 10)).toBeNull();
    expect(timeToDrain(1_000, null, 1)).toBeNull();
    expect(timeToDrain(1_000, 10, null)).toBeNull();
  });
});

describe("committedRate", () => {
  const parts = (entries: [string, number, number][]) => entries.map(([topic, partition, committed]) => ({ topic, partition, committed }));

  it("compares partitions listed in the same order index by index", () => {
    const prev = { at: 0, parts: parts([["a", 0, 100], ["a", 1, 50]]) };
    const cur = { at: 10_000, parts: parts([["a", 0, 300], ["a", 1, 150]]) };
    expect(committedRate(prev, cur)).toBe(30);
  });

  it("matches partitions by key when the order changed, skipping new and reset ones", () => {
    const prev = { at: 0, parts: parts([["a", 1, 5_000], ["a", 0, 100]]) };
    const cur = { at: 5_000, parts: parts([["a", 0, 150], ["a", 1, 0], ["b", 0, 9_000_000]]) };
    expect(committedRate(prev, cur)).toBe(10);
  });

  it("is null without a previous sample, an interval or partitions in common", () => {
    const cur = { at: 5_000, parts: parts([["a", 0, 10]]) };
    expect(committedRate(null, cur)).toBeNull();
    expect(committedRate({ at: 5_000, parts: parts([["a", 0, 1]]) }, cur)).toBeNull();
    expect(committedRate({ at: 0, parts: parts([["b", 0, 1]]) }, cur)).toBeNull();
  });
});
