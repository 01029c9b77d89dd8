import { describe, expect, it } from "vitest";
import { jsonResponse, serializeOnce } from "./json-once";

describe("jsonResponse", () => {
  it("serializes a marked result once and answers every request with that text", async () => {
    const result = serializeOnce({ items: [{ id: "q1", depth: 3 }], sampledAt: "2026-12-02T14:00:00.000Z" });
    const first = jsonResponse(result);
    expect(first.headers.get("content-type")).toBe("application/json");
    expect(await first.json()).toEqual({ items: [{ id: "q1", depth: 3 }], sampledAt: "2026-12-02T14:00:00.000Z" });
    // The one serialization is what later requests get (marked objects are never changed).
    result.items.push({ id: "q2", depth: 0 });
    expect(await jsonResponse(result).text()).toBe('{"items":[{"id":"q1","depth":3}],"sampledAt":"2026-12-02T14:00:00.000Z"}');
  });

  it("serializes unmarked results on every call, and null as ok", async () => {
    const plain = { n: 1 };
    expect(await jsonResponse(plain).json()).toEqual({ n: 1 });
    plain.n = 2;
    expect(await jsonResponse(plain).json()).toEqual({ n: 2 });
    expect(await jsonResponse(undefined).json()).toEqual({ ok: true });
  });
});
