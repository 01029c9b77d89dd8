// Large snapshot lists (10,000 queues are 4.4 MB of JSON) go to the pages gzipped once per tick
// and are unzipped in the browser. Next.js drops a route's own Content-Encoding and would gzip
// every answer again per request, so the page asks with this header and gets the gzip as the
// body, named by the same header on the answer. Other clients get plain JSON (HTTP-gzipped when
// they ask for it).

/** Request header: the client unzips a gzip body itself. Answer header: this body is gzipped JSON. */
export const GZIP_BODY_HEADER = "x-queuedeck-body";
export const GZIP_BODY = "gzip-json";
