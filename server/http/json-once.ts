import "server-only";

// A list read from the collector's snapshot is the same for every request until the next tick,
// and 10,000 queues are megabytes of JSON: such results are serialized once per snapshot, not
// once per request. Only objects nobody changes afterwards may be marked.
// Kept as UTF-8 bytes: encoding megabytes of text again for every response cost as much as writing them.
// (Next.js drops a route's own Content-Encoding, so these cannot be gzipped once here: its
// compression gzips each response for clients that ask, in libuv's pool, ~15 ms for 4 MB.)
const bodies = new WeakMap<object, Uint8Array<ArrayBuffer> | null>();

/** Marks `value` (never changed afterwards) to be serialized once, on its first response. */
export function serializeOnce<T extends object>(value: T): T {
  if (!bodies.has(value)) bodies.set(value, null);
  return value;
}

/** The JSON response of a route's result, from the one serialization of a marked result. */
export function jsonResponse(result: unknown): Response {
  if (typeof result !== "object" || result === null || !bodies.has(result)) return Response.json(result ?? { ok: true });
  let body = bodies.get(result);
  if (body == null) {
    body = new TextEncoder().encode(JSON.stringify(result));
    bodies.set(result, body);
  }
  return new Response(sameBytes(body), { headers: { "content-type": "application/json" } });
}

/**
 * A stream of the bytes themselves. `new Response(bytes)` copies them first (the Fetch spec's
 * body extraction): megabytes a request, freed only at V8's next collection. A default (not
 * byte) stream hands on the same bytes without transferring them, so the cached body stays
 * usable for the next response.
 */
function sameBytes(body: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(body);
      controller.close();
    },
  });
}
