import { describe, expect, it } from "vitest";
import { decodePayload, decodeValue } from "./payload";

describe("decodePayload", () => {
  it("pretty-prints JSON", () => {
    expect(decodePayload(Buffer.from('{"a":1}'))).toEqual({ encoding: "json", text: '{\n  "a": 1\n}', size: 7, truncated: false });
  });
  it("keeps invalid JSON as text", () => {
    expect(decodePayload(Buffer.from("{not json"))).toMatchObject({ encoding: "text", text: "{not json" });
  });
  it("shows binary as hex and base64", () => {
    const r = decodePayload(Buffer.from([0, 1, 2, 255]));
    expect(r).toMatchObject({ encoding: "binary", text: "000102ff", base64: "AAEC/w==", size: 4 });
  });
  it("cuts above the limit and keeps the real size", () => {
    const big = Buffer.alloc(1024 * 1024, "a");
    const r = decodePayload(big);
    expect(r.size).toBe(1024 * 1024);
    expect(r.truncated).toBe(true);
    expect(r.text.length).toBe(64 * 1024);
  });
  it("does not turn a cut multi-byte character into binary", () => {
    const r = decodePayload(Buffer.from("é".repeat(10), "utf8"), 5);
    expect(r).toMatchObject({ encoding: "text", text: "éé", size: 20, truncated: true });
  });
  it("decodes already-parsed values", () => {
    expect(decodeValue({ x: [1] })).toMatchObject({ encoding: "json", size: 9 });
  });
});
