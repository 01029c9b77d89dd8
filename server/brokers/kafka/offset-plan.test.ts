import { describe, expect, it } from "vitest";
import { planReset, resetScope, resettableState, type PartitionState } from "./offset-plan";

// Partition 0 retains 10..100 and the group is at 40; partition 1 retains 0..50 and has no commit.
const states: PartitionState[] = [
  { topic: "t", partition: 0, current: 40, low: 10, high: 100, atTimestamp: 70 },
  { topic: "t", partition: 1, current: null, low: 0, high: 50, atTimestamp: 50 },
];

describe("planReset", () => {
  it("earliest and latest go to the retained range's ends", () => {
    expect(planReset("earliest", states)).toEqual([
      { topic: "t", partition: 0, current: 40, target: 10, lag: 90 },
      { topic: "t", partition: 1, current: null, target: 0, lag: 50 },
    ]);
    expect(planReset("latest", states).map((r) => [r.target, r.lag])).toEqual([[100, 0], [50, 0]]);
  });

  it("a timestamp goes to the first offset at or after it (the end when there is none)", () => {
    expect(planReset({ timestamp: 1 }, states).map((r) => [r.target, r.lag])).toEqual([[70, 30], [50, 0]]);
  });

  it("an exact offset is clamped to [earliest, end] like the CLI", () => {
    expect(planReset({ offset: 5 }, states).map((r) => r.target)).toEqual([10, 5]);
    expect(planReset({ offset: 60 }, states).map((r) => r.target)).toEqual([60, 50]);
    expect(planReset({ offset: 1_000 }, states).map((r) => [r.target, r.lag])).toEqual([[100, 0], [50, 0]]);
  });

  it("shiftBy moves from the committed offset, clamped", () => {
    const one = states.slice(0, 1);
    expect(planReset({ shiftBy: -5 }, one)[0]).toEqual({ topic: "t", partition: 0, current: 40, target: 35, lag: 65 });
    expect(planReset({ shiftBy: 25 }, one)[0]!.target).toBe(65);
    expect(planReset({ shiftBy: -1_000 }, one)[0]!.target).toBe(10);
    expect(planReset({ shiftBy: 1_000 }, one)[0]!.target).toBe(100);
  });

  it("refuses to shift a partition without a commit, as invalid", () => {
    expect(() => planReset({ shiftBy: 1 }, states)).toThrow(/no committed offset/);
    try {
      planReset({ shiftBy: 1 }, states);
    } catch (err) {
      expect((err as { code?: string }).code).toBe("invalid");
    }
  });
});

describe("resetScope", () => {
  const committed = new Map([["a", [2, 0]], ["gone", [0]], ["b", [1]]]);
  const partitionsOf = (t: string) => ({ a: [0, 1, 2], b: [0, 1] } as Record<string, number[]>)[t];

  it("whole group: every committed partition of topics that still exist, sorted", () => {
    expect(resetScope({}, committed, partitionsOf)).toEqual([
      { topic: "a", partition: 0 },
      { topic: "a", partition: 2 },
      { topic: "b", partition: 1 },
    ]);
  });

  it("one topic: all its partitions, committed or not", () => {
    expect(resetScope({ topic: "a" }, committed, partitionsOf).map((r) => r.partition)).toEqual([0, 1, 2]);
  });

  it("chosen partitions, deduplicated; an unknown partition or topic is refused", () => {
    expect(resetScope({ topic: "b", partitions: [1, 0, 1] }, committed, partitionsOf)).toEqual([
      { topic: "b", partition: 0 },
      { topic: "b", partition: 1 },
    ]);
    expect(() => resetScope({ topic: "b", partitions: [7] }, committed, partitionsOf)).toThrow(/no partition 7 \(it has 2\)/);
    expect(() => resetScope({ topic: "nope" }, committed, partitionsOf)).toThrow(/topic nope does not exist/);
  });

  it("whole group without commits asks for a topic", () => {
    expect(() => resetScope({}, new Map(), partitionsOf)).toThrow(/choose a topic/);
  });
});

describe("resettableState", () => {
  it("allows Empty and Dead only, like the CLI", () => {
    expect(["Empty", "Dead", "Stable", "PreparingRebalance", "CompletingRebalance", "Unknown"].map(resettableState))
      .toEqual([true, true, false, false, false, false]);
  });
});
