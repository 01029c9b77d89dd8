import "server-only";

// A list read from the collector's snapshot is the same for every request until the next tick,
// and 10,000 queues are megabytes of JSON: such results are serialized once per snapshot, not
// once per request. Only objects nobody changes afterwards may be marked.
// Kept as UTF-8 bytes: encoding megabytes of text again for every response cost as much as writing them.
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
  return new Response(body, { headers: { "content-type": "application/json" } });
}
