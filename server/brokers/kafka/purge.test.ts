import { describe, expect, it } from "vitest";
import { purgeReport, purgeTargets } from "./purge";

const offsets = [
  { partition: 1, low: 0, high: 10 },
  { partition: 0, low: 4, high: 8 },
];

describe("purgeTargets", () => {
  it("is every partition's high watermark for the whole topic, sorted", () => {
    expect(purgeTargets("t", offsets)).toEqual([{ partition: 0, offset: 8 }, { partition: 1, offset: 10 }]);
  });

  it("checks asked partitions and offsets", () => {
    expect(purgeTargets("t", offsets, [{ partition: 1, offset: 3 }])).toEqual([{ partition: 1, offset: 3 }]);
    expect(() => purgeTargets("t", offsets, [{ partition: 2, offset: 1 }])).toThrow(/no partition 2/);
    expect(() => purgeTargets("t", offsets, [{ partition: 0, offset: 9 }])).toThrow(/ends at offset 8/);
  });
});

describe("purgeReport", () => {
  it("counts from the log start offsets before and after", () => {
    const after = [{ partition: 0, low: 8, high: 8 }, { partition: 1, low: 0, high: 10 }];
    expect(purgeReport(offsets, after, [{ partition: 0, offset: 8 }, { partition: 1, offset: 0 }])).toEqual({
      partitions: [{ partition: 0, before: 4, after: 8, deleted: 4 }, { partition: 1, before: 0, after: 0, deleted: 0 }],
      deleted: 4,
    });
  });
});
