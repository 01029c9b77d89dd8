import "server-only";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { GZIP_BODY, GZIP_BODY_HEADER } from "@/lib/gzip-body";

// A list read from the collector's snapshot is the same for every request until the next tick,
// and 10,000 queues are megabytes of JSON: such results are serialized once per snapshot, not
// once per request, and gzipped once for the pages (lib/gzip-body.ts). Only objects nobody
// changes afterwards may be marked.
// Kept as UTF-8 bytes: encoding megabytes of text again for every response cost as much as writing them.

interface Body {
  bytes: Uint8Array<ArrayBuffer>;
  /** Made on the first request that takes it, in libuv's pool; undefined if zlib failed. */
  gzipped?: Promise<Uint8Array<ArrayBuffer> | undefined>;
}

const bodies = new WeakMap<object, Body | null>();
const gzipAsync = promisify(gzip);
/** Smaller bodies go plain: gzipping them once saves next to nothing. */
const GZIP_MIN_BYTES = 8 * 1024;

/** Marks `value` (never changed afterwards) to be serialized once, on its first response. */
export function serializeOnce<T extends object>(value: T): T {
  if (!bodies.has(value)) bodies.set(value, null);
  return value;
}

/**
 * The JSON response of a route's result, from the one serialization of a marked result;
 * gzipped (once) when the client unzips bodies itself (`takesGzipBody`).
 */
export async function jsonResponse(result: unknown, takesGzipBody = false): Promise<Response> {
  if (typeof result !== "object" || result === null || !bodies.has(result)) return Response.json(result ?? { ok: true });
  let body = bodies.get(result);
  if (body == null) {
    body = { bytes: new TextEncoder().encode(JSON.stringify(result)) };
    bodies.set(result, body);
  }
  if (takesGzipBody && body.bytes.byteLength >= GZIP_MIN_BYTES) {
    body.gzipped ??= gzipAsync(body.bytes).then(
      (b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength) as Uint8Array<ArrayBuffer>,
      () => undefined,
    );
    const zipped = await body.gzipped;
    // application/gzip: Next.js's compression leaves it alone (it is not compressible).
    if (zipped) return new Response(sameBytes(zipped), { headers: { "content-type": "application/gzip", [GZIP_BODY_HEADER]: GZIP_BODY, vary: GZIP_BODY_HEADER } });
  }
  return new Response(sameBytes(body.bytes), { headers: { "content-type": "application/json", vary: GZIP_BODY_HEADER } });
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
