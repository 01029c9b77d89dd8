import { describe, expect, it } from "vitest";
import { headerList, nextOffsetAfter, visibleRecords } from "./fetch-records";
import type { RawRecord } from "./internal-cluster";

const rec = (offset: number, extra: Partial<RawRecord> & { batch?: Record<string, unknown> } = {}): RawRecord => ({
  offset: String(offset),
  timestamp: "1000",
  key: null,
  value: Buffer.from(`v${offset}`),
  headers: {},
  isControlRecord: false,
  batchContext: { firstOffset: String(offset), lastOffsetDelta: 0, producerId: "-1", inTransaction: false, ...extra.batch } as never,
  ...extra,
});

describe("visibleRecords", () => {
  it("drops records before the requested offset (a batch starts earlier) and control records", () => {
    const raw = [rec(3), rec(4), rec(5, { isControlRecord: true }), rec(6)];
    expect(visibleRecords(raw, 4, []).map((r) => r.offset)).toEqual(["4", "6"]);
  });

  it("drops an aborted transaction's records until its abort marker, keeping other producers", () => {
    const tx = { producerId: "7", inTransaction: true };
    const raw = [
      rec(10, { batch: tx }),
      rec(11, { batch: { producerId: "8", inTransaction: true } }),
      rec(12, { batch: tx }),
      rec(13, { isControlRecord: true, key: Buffer.from([0, 0, 0, 0]), batch: tx }),
      rec(14, { batch: tx }),
    ];
    expect(visibleRecords(raw, 10, [{ producerId: "7", firstOffset: "10" }]).map((r) => r.offset)).toEqual(["11", "14"]);
  });
});

describe("nextOffsetAfter", () => {
  it("moves past the whole last batch, gaps from compaction or markers included", () => {
    expect(nextOffsetAfter([rec(5, { batch: { firstOffset: "5", lastOffsetDelta: 4 } })], 5)).toBe(10);
    expect(nextOffsetAfter([], 42)).toBe(42);
  });
});

describe("headerList", () => {
  it("keeps repeated headers in order and skips undefined", () => {
    const list = headerList({ a: Buffer.from("1"), b: [Buffer.from("2"), Buffer.from("3")], c: undefined });
    expect(list.map(([k, v]) => [k, v.toString()])).toEqual([["a", "1"], ["b", "2"], ["b", "3"]]);
  });
});
