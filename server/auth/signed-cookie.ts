import "server-only";
import crypto from "node:crypto";

// A small value kept by the browser between two requests (the OIDC flow's state, nonce and PKCE
// verifier), signed so it cannot be forged and carrying its own expiry. Not encrypted: it holds
// nothing the browser may not see (the verifier is worthless without the code the provider sends).

export function seal(payload: object, key: Buffer, ttlMs: number, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ ...payload, exp: now + ttlMs })).toString("base64url");
  return `${body}.${crypto.createHmac("sha256", key).update(body).digest("base64url")}`;
}

export function unseal<T>(value: string | undefined, key: Buffer, now = Date.now()): T | undefined {
  if (!value) return undefined;
  const [body, mac] = value.split(".");
  if (!body || !mac) return undefined;
  const want = crypto.createHmac("sha256", key).update(body).digest();
  const got = Buffer.from(mac, "base64url");
  if (got.length !== want.length || !crypto.timingSafeEqual(got, want)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(body, "base64url").toString()) as T & { exp?: number };
    return typeof data.exp === "number" && data.exp > now ? data : undefined;
  } catch {
    return undefined;
  }
}
