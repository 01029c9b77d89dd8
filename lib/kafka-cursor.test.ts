import { describe, expect, it } from "vitest";
import { toBase64url } from "./base64url";
import { decodeBrowseCursor, encodeBrowseCursor } from "./kafka-cursor";

describe("browse cursor", () => {
  it("round-trips each partition's next offset", () => {
    const cursor = encodeBrowseCursor([
      { partition: 0, to: 12 },
      { partition: 2, to: 0 },
      { partition: 1, to: 9_007_199_254_740_991 },
    ]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect([...decodeBrowseCursor(cursor)!].sort()).toEqual([
      [0, 12],
      [1, 9_007_199_254_740_991],
      [2, 0],
    ]);
  });

  it("refuses what it did not make", () => {
    for (const text of ["[1,2]", "{}", '{"a":1}', '{"0":-1}', '{"0":1.5}', '{"0":"3"}', "null", "not json"]) {
      expect(decodeBrowseCursor(toBase64url(text)), text).toBeNull();
    }
    expect(decodeBrowseCursor("***")).toBeNull();
  });
});
