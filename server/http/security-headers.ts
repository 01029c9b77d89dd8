// Response headers that protect pages and API answers. Free of "server-only": next.config.ts
// (static headers) and proxy.ts (per-request nonce) both read it.

/** HSTS is only sent on https: over plain http a browser ignores it, and it must not pin a dev host. */
export const HSTS = "max-age=31536000";

/** API answers are JSON, never rendered: nothing may load from them, nothing may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Pages: scripts only with this response's nonce ('strict-dynamic' lets Next.js's nonced loader
 * pull its chunks). Styles allow 'unsafe-inline' because React renders style attributes (charts,
 * progress bars, positioned popovers) that no nonce can cover; styles cannot run code. Dev needs
 * 'unsafe-eval' for React's debugging; production never gets it.
 */
export function pageCsp(nonce: string, opts: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** 128 random bits, base64: unguessable per response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
