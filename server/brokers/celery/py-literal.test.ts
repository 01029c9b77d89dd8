import { describe, expect, it } from "vitest";
import { parsePyLiteral } from "./py-literal";

describe("Python literals from Celery's argsrepr/kwargsrepr", () => {
  it("reads the values a JSON-serializable task can have", () => {
    expect(parsePyLiteral("(1, 'a', None, True, False)")).toEqual([1, "a", null, true, false]);
    expect(parsePyLiteral("(42,)")).toEqual([42]);
    expect(parsePyLiteral("()")).toEqual([]);
    expect(parsePyLiteral("[1.5, -2, 2.5e-3, 1_000]")).toEqual([1.5, -2, 0.0025, 1000]);
    expect(parsePyLiteral("{'to': \"o'brien@example.com\", 'n': {'deep': [1, {}]}}")).toEqual({ to: "o'brien@example.com", n: { deep: [1, {}] } });
    expect(parsePyLiteral("'tab\\there \\'q\\' \\\\ \\xe9 \\u20ac \\U0001f600'")).toBe("tab\there 'q' \\ é € 😀");
    // JSON too (the history store may keep either).
    expect(parsePyLiteral('{"a": [true, false, null]}')).toEqual({ a: [true, false, null] });
  });

  it("keeps a __proto__ key as data", () => {
    const v = parsePyLiteral("{'__proto__': 1}") as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it("refuses what cannot be sent back unchanged, saying where", () => {
    expect(() => parsePyLiteral("(<object object at 0x7f>,)")).toThrow(/character 2/);
    expect(() => parsePyLiteral("(Decimal('1.5'),)")).toThrow(/"Decimal" is not a plain value/);
    expect(() => parsePyLiteral("{1, 2}")).toThrow(/only string keys/);
    expect(() => parsePyLiteral("{'a', 'b'}")).toThrow(/a set is not a JSON value/);
    expect(() => parsePyLiteral("b'raw'")).toThrow(/not a plain value/);
    expect(() => parsePyLiteral("('abc...")).toThrow(/not closed/);
    expect(() => parsePyLiteral("[1, 2, ...]")).toThrow(/not a value/);
    expect(() => parsePyLiteral("[12345678901234567890]")).toThrow(/too large/);
    expect(() => parsePyLiteral("(2.0,)")).toThrow(/the float 2.0 would arrive as an integer/);
    // What Celery's saferepr makes of arguments past 1 KiB: cut, with a bare "..." element.
    expect(() => parsePyLiteral("('aaaa...', ...)")).toThrow(/not a value/);
    expect(() => parsePyLiteral("([1, 2, 22..., ...],)")).toThrow(/character 9/);
    expect(() => parsePyLiteral("[1] [2]")).toThrow(/after the value/);
  });
});
