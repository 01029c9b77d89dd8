// The scheme and host the browser used to reach QueueDeck. Free of "server-only" so proxy.ts can
// share it. Forwarded headers are believed only when the operator says a proxy in front sets them
// (QUEUEDECK_TRUST_PROXY=1): any client could otherwise claim any host or scheme.

export function trustsProxy(): boolean {
  return process.env.QUEUEDECK_TRUST_PROXY === "1";
}

function firstValue(header: string | null): string | undefined {
  return header?.split(",")[0]?.trim() || undefined;
}

export function requestScheme(req: Request): "http" | "https" {
  const forwarded = firstValue(req.headers.get("x-forwarded-proto"));
  if (trustsProxy() && forwarded) return forwarded === "https" ? "https" : "http";
  // Next.js derives req.url's scheme from X-Forwarded-Proto itself, so that URL is only believed
  // when no such header came in.
  if (forwarded) return "http";
  return new URL(req.url).protocol === "https:" ? "https" : "http";
}

export function requestHost(req: Request): string | undefined {
  const forwarded = trustsProxy() ? firstValue(req.headers.get("x-forwarded-host")) : undefined;
  return forwarded ?? req.headers.get("host") ?? undefined;
}

/** "http://host:port" as the browser sees us, normalized like URL.origin; undefined without a Host. */
export function requestOrigin(req: Request): string | undefined {
  const host = requestHost(req);
  if (!host) return undefined;
  return originOf(`${requestScheme(req)}://${host}`);
}

/** The origin of an absolute http(s) URL; undefined for anything else ("null", garbage, file:). */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

export function isHttps(req: Request): boolean {
  return requestScheme(req) === "https";
}
