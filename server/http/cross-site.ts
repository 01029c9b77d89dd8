import "server-only";
import { originOf, requestOrigin } from "./request-origin";

/**
 * CSRF: a cookie-authenticated write must come from our own origin: scheme, host and port alike
 * (http://host or host:other-port is another site's page). Browsers send Origin on every
 * cross-site POST/PUT/DELETE; when it is missing, Sec-Fetch-Site and then a foreign Referer
 * still give a cross-site request away. A request with none of them is not from a browser page.
 */
export function isCrossSite(req: Request): boolean {
  const own = requestOrigin(req);
  if (!own) return true;
  const origin = req.headers.get("origin");
  // "null" (sandboxed frames, file: pages) has no origin and so is never ours.
  if (origin !== null) return originOf(origin) !== own;
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const referer = req.headers.get("referer");
  if (referer) return originOf(referer) !== own;
  return false;
}
