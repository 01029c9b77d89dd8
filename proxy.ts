import { NextResponse, type NextRequest } from "next/server";
import { jsonError } from "@/server/http/json-error";
import { isHttps } from "@/server/http/request-origin";
import { HSTS, newNonce, pageCsp } from "@/server/http/security-headers";

/**
 * Runs before every page, every bodiless API request and API requests with a suspect escape (see `config`):
 * - a path with a broken percent-escape (%FF, %G1) is answered 400 here; Next.js would fail to
 *   decode it while matching routes and answer a plain-text 500;
 * - pages get a Content-Security-Policy with a fresh nonce, which Next.js reads from the request's
 *   CSP header to stamp its own scripts, and the root layout reads from x-nonce;
 * - HSTS when served over https.
 */
export function proxy(req: NextRequest): Response {
  const path = new URL(req.url).pathname;
  const api = path.startsWith("/api/");
  const https = isHttps(req);
  if (!decodable(path)) return withHsts(api ? badApiPath() : badPagePath(), https);
  if (api) return withHsts(NextResponse.next(), https);

  const nonce = newNonce();
  const csp = pageCsp(nonce, { dev: process.env.NODE_ENV === "development", https });
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("content-security-policy", csp);
  return withHsts(res, https);
}

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function badApiPath(): Response {
  return jsonError(400, "invalid_path", "the path has a broken percent-escape", { "cache-control": "no-store" });
}

function badPagePath(): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad address · QueueDeck</title></head><body><h1>400: bad address</h1><p>The address has a broken percent-escape. <a href="/">Go to the overview</a>.</p></body></html>`;
  return new Response(html, {
    status: 400,
    headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": "default-src 'none'; frame-ancestors 'none'" },
  });
}

function withHsts<R extends Response>(res: R, https: boolean): R {
  if (https) res.headers.set("strict-transport-security", HSTS);
  return res;
}

export const config = {
  matcher: [
    // Pages; static build files and public/ assets carry no script and need no nonce.
    "/((?!api/|_next/static|_next/image|icon.svg|robots.txt).*)",
    // API requests without a body only: Next.js copies a body through the proxy by buffering it
    // (silently cut at a size limit), which would defeat the route's own streamed size check.
    {
      source: "/api/:path*",
      missing: [
        { type: "header", key: "content-length" },
        { type: "header", key: "transfer-encoding" },
      ],
    },
    // ...and API requests with a body whose path has a malformed or non-ASCII escape, so a bad
    // one is answered 400 here. Their bodies are copied (at most proxyClientMaxBodySize).
    "/api/:path(.*%(?:[89a-fA-F]|[0-9a-fA-F]?(?:[^0-9a-fA-F]|$)).*)",
  ],
};
