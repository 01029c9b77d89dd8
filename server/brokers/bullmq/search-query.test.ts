import { describe, expect, it } from "vitest";
import { matches, parsePath, parseSearch, SearchSyntaxError } from "./search-query";

const job = (data: unknown, over: Partial<{ id: string; name: string; failedReason: string }> = {}) => ({
  id: over.id ?? "17",
  name: over.name ?? "send-email",
  data: JSON.stringify(data),
  failedReason: over.failedReason ?? null,
});

describe("parseSearch", () => {
  it("reads ids, names, JSON paths and plain text", () => {
    expect(parseSearch("id: 42")).toEqual({ kind: "id", id: "42" });
    expect(parseSearch("name:send")).toEqual({ kind: "name", name: "send" });
    expect(parseSearch("$.user.id=42")).toEqual({ kind: "path", path: ["user", "id"], op: "=", value: 42, raw: "42" });
    expect(parseSearch('$.items[0]["a b"] ~ x')).toMatchObject({ kind: "path", path: ["items", 0, "a b"], op: "~", raw: "x" });
    expect(parseSearch("$.user")).toEqual({ kind: "path", path: ["user"], op: "exists" });
    expect(parseSearch("  Timeout ")).toEqual({ kind: "text", text: "timeout" });
  });
  it("rejects paths it cannot read", () => {
    expect(() => parsePath("$.a..b")).toThrow(SearchSyntaxError);
    expect(() => parseSearch("$=1")).toThrow(/names no field/);
  });
  it("reads JSON escapes in quoted names and rejects bad ones as syntax errors", () => {
    expect(parsePath('$["a\\"b"]')).toEqual(['a"b']);
    expect(parsePath('$["caf\\u00e9"]')).toEqual(["café"]);
    expect(() => parseSearch('$["\\x"]')).toThrow(SearchSyntaxError);
    expect(() => parseSearch('$["\\u12"] = 1')).toThrow(/cannot read the quoted name/);
  });
});

describe("matches", () => {
  it("compares JSON paths by value, numbers also as text", () => {
    const j = job({ user: { id: 42, name: "Bob" }, tags: ["a", "urgent"] });
    expect(matches(parseSearch("$.user.id=42"), j)).toBe(true);
    expect(matches(parseSearch('$.user.id="42"'), j)).toBe(true);
    expect(matches(parseSearch("$.user.id=4"), j)).toBe(false);
    expect(matches(parseSearch("$.user.name=Bob"), j)).toBe(true);
    expect(matches(parseSearch("$.tags[1]~URG"), j)).toBe(true);
    expect(matches(parseSearch("$.user.email"), j)).toBe(false);
    expect(matches(parseSearch('$.tags=["a","urgent"]'), j)).toBe(true);
  });
  it("finds text in name, data and failedReason, and ids exactly", () => {
    expect(matches(parseSearch("EMAIL"), job({}))).toBe(true);
    expect(matches(parseSearch("bob"), job({ who: "Bob" }))).toBe(true);
    expect(matches(parseSearch("refused"), job({}, { failedReason: "Connection REFUSED" }))).toBe(true);
    expect(matches(parseSearch("17"), job({}))).toBe(true);
    expect(matches(parseSearch("id:1"), job({}))).toBe(false);
    expect(matches(parseSearch("name:send"), job({}))).toBe(false);
  });
  it("never throws on data that is not JSON", () => {
    expect(matches(parseSearch("$.a=1"), { id: "1", name: "x", data: "not json a 1", failedReason: null })).toBe(false);
  });
});
