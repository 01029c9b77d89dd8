import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { GZIP_BODY, GZIP_BODY_HEADER } from "@/lib/gzip-body";
import { jsonResponse, serializeOnce } from "./json-once";

describe("jsonResponse", () => {
  it("serializes a marked result once and answers every request with that text", async () => {
    const result = serializeOnce({ items: [{ id: "q1", depth: 3 }], sampledAt: "2026-12-02T14:00:00.000Z" });
    const first = await jsonResponse(result);
    expect(first.headers.get("content-type")).toBe("application/json");
    expect(await first.json()).toEqual({ items: [{ id: "q1", depth: 3 }], sampledAt: "2026-12-02T14:00:00.000Z" });
    // The one serialization is what later requests get (marked objects are never changed).
    result.items.push({ id: "q2", depth: 0 });
    expect(await (await jsonResponse(result)).text()).toBe('{"items":[{"id":"q1","depth":3}],"sampledAt":"2026-12-02T14:00:00.000Z"}');
  });

  it("serializes unmarked results on every call, and null as ok", async () => {
    const plain = { n: 1 };
    expect(await (await jsonResponse(plain)).json()).toEqual({ n: 1 });
    plain.n = 2;
    expect(await (await jsonResponse(plain, true)).json()).toEqual({ n: 2 });
    expect(await (await jsonResponse(undefined)).json()).toEqual({ ok: true });
  });

  it("gzips a large marked result once for a client that unzips bodies itself; others get the JSON", async () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({ id: `orders.q${i}`, depth: i % 7, consumers: 1 }));
    const result = serializeOnce({ items });
    const text = JSON.stringify({ items });
    const zipped = await jsonResponse(result, true);
    expect(zipped.headers.get("content-type")).toBe("application/gzip");
    expect(zipped.headers.get(GZIP_BODY_HEADER)).toBe(GZIP_BODY);
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(text.length / 5);
    expect(gunzipSync(bytes).toString("utf8")).toBe(text);
    // Later requests get the same bytes, whole.
    expect(Buffer.from(await (await jsonResponse(result, true)).arrayBuffer()).equals(bytes)).toBe(true);
    const plain = await jsonResponse(result);
    expect(plain.headers.get(GZIP_BODY_HEADER)).toBeNull();
    expect(await plain.text()).toBe(text);
  });

  it("sends a small marked result as JSON even to a client that unzips", async () => {
    const small = await jsonResponse(serializeOnce({ items: [{ id: "q1" }] }), true);
    expect(small.headers.get("content-type")).toBe("application/json");
    expect(await small.json()).toEqual({ items: [{ id: "q1" }] });
  });
});
