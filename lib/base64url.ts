// base64url of UTF-8 text without Buffer, so ids are built the same way in the browser and on the
// server (opaque queue, exchange and vhost ids; BullMQ queue ids).

export function toBase64url(text: string): string {
  let bin = "";
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The text behind a base64url id, or null when it is not one. Invalid UTF-8 is null, unless
 * `lenient` (then U+FFFD, as Node's Buffer decodes it: ids the server made from broker names).
 */
export function fromBase64url(id: string, opts: { lenient?: boolean } = {}): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(id) || id.length % 4 === 1) return null;
  try {
    const bin = atob(id.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (id.length % 4)) % 4));
    return new TextDecoder("utf-8", { fatal: !opts.lenient }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}
