import { describe, expect, it } from "vitest";
import { textPayload } from "./text-payload";

describe("task payload text", () => {
  it("pretty-prints JSON and keeps a repr as it is", () => {
    expect(textPayload("[2, 3]")).toEqual({ encoding: "json", text: "[2, 3]", size: 6, truncated: false });
    const long = JSON.stringify({ order: 1001, lines: [{ sku: "SKU-1", qty: 1 }, { sku: "SKU-2", qty: 2 }, { sku: "SKU-3", qty: 3 }] });
    expect(textPayload(long).text).toBe(JSON.stringify(JSON.parse(long), null, 2));
    expect(textPayload("(2, 3)")).toEqual({ encoding: "text", text: "(2, 3)", size: 6, truncated: false });
    expect(textPayload("{'x': 1}").encoding).toBe("text");
  });

  it("cuts a long text at the byte limit and keeps its real size", () => {
    const p = textPayload("é".repeat(100), 11);
    expect(p.truncated).toBe(true);
    expect(p.size).toBe(200);
    // 11 bytes hold five two-byte characters; the half character is dropped.
    expect(p.text).toBe("ééééé");
    expect(textPayload("x".repeat(100), Infinity).truncated).toBe(false);
  });
});
