import "server-only";

/**
 * CSRF: a cookie-authenticated write must come from our own origin. Browsers send Origin on
 * every cross-site POST/PUT/DELETE; Sec-Fetch-Site covers the rest.
 */
export function isCrossSite(req: Request): boolean {
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (origin && origin !== "null") {
    try {
      return new URL(origin).host !== host;
    } catch {
      return true;
    }
  }
  if (origin === "null") return true;
  return req.headers.get("sec-fetch-site") === "cross-site";
}
