import { describe, expect, it } from "vitest";
import { textPayload } from "./text-payload";

describe("task payload text", () => {
  it("pretty-prints JSON and keeps a repr as it is", () => {
    expect(textPayload('{"a":1}')).toEqual({ encoding: "json", text: '{\n  "a": 1\n}', size: 7, truncated: false });
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
