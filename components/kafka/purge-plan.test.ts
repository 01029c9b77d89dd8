import { describe, expect, it } from "vitest";
import type { TopicPartitionDto } from "@/lib/kafka";
import { purgeBodyOf, purgePlan, purgeTotal } from "./purge-plan";

const part = (partition: number, earliest: number, latest: number): TopicPartitionDto => ({ partition, leader: 1, replicas: [1], isr: [1], earliest, latest });
const parts = [part(1, 0, 4), part(0, 2, 10)];

describe("purgePlan", () => {
  it("starts at each partition's earliest offset: nothing deleted, nothing to send", () => {
    const plan = purgePlan(parts, {});
    expect(plan.map((p) => [p.partition, p.input, p.deletes, p.error])).toEqual([
      [0, "2", 0, null],
      [1, "0", 0, null],
    ]);
    expect(purgeTotal(plan)).toBe(0);
    expect(purgeBodyOf(plan)).toBeNull();
  });

  it("counts what each offset deletes and sends only the partitions that delete something", () => {
    const plan = purgePlan(parts, { 0: "7", 1: "0" });
    expect(plan.map((p) => p.deletes)).toEqual([5, 0]);
    expect(purgeTotal(plan)).toBe(5);
    expect(purgeBodyOf(plan)).toEqual({ partitions: [{ partition: 0, offset: 7 }] });
    const all = purgePlan(parts, { 0: "10", 1: "4" });
    expect(purgeTotal(all)).toBe(12);
    expect(purgeBodyOf(all)).toEqual({ partitions: [{ partition: 0, offset: 10 }, { partition: 1, offset: 4 }] });
  });

  it("deletes nothing below the earliest offset (already gone)", () => {
    expect(purgePlan(parts, { 0: "1" })[0]).toMatchObject({ deletes: 0, error: null });
  });

  it("refuses offsets past the end, negative, fractional or empty, naming the partition's end", () => {
    const plan = purgePlan(parts, { 0: "11", 1: "-1" });
    expect(plan.map((p) => p.error)).toEqual(["partition 0 ends at offset 10", "a whole offset, 0 or more"]);
    expect(purgeBodyOf(plan)).toBeNull();
    expect(purgePlan(parts, { 0: "2.5" })[0]!.error).toBe("a whole offset, 0 or more");
    expect(purgePlan(parts, { 1: " " })[1]!.error).toBe("a whole offset, 0 or more");
    expect(purgeTotal(purgePlan(parts, { 0: "11", 1: "3" }))).toBe(3);
  });
});
