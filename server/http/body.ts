import "server-only";
import { DomainError } from "@/server/errors";

export const MAX_BODY_BYTES = 2 * 1024 * 1024;

const tooLarge = () => new DomainError("too_large", `request body over ${MAX_BODY_BYTES} bytes`);

/**
 * The body as text, read with a running count that stops at `limit`: a declared length over it is
 * refused before reading, a chunked or lying one as soon as the count passes it. The rest is never
 * read into memory; the 413 closes the connection (see errors.ts) so the client stops sending.
 */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    // Released, not cancelled: cancelling would destroy the socket before the 413 is written.
    if (total > limit) {
      reader.releaseLock();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** application/json or any +json type (application/merge-patch+json...), parameters ignored. */
export function isJsonType(contentType: string | null): boolean {
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type);
}

/** Whether the request says a body follows, without reading it. */
export function hasBody(req: Request): boolean {
  return Number(req.headers.get("content-length") ?? 0) > 0 || req.headers.has("transfer-encoding");
}
