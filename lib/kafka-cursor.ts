import { fromBase64url, toBase64url } from "./base64url";

// The message browser's page cursor (`after`): where each partition's next page starts, as
// base64url of JSON {"<partition>": nextOffset}. The server gives it as `next` with every page
// read from a start (offset, timestamp, earliest); passing it back as `after` resumes each
// partition exactly where the page stopped, so paging over all partitions skips and repeats nothing.

/** Longest cursor accepted: about 1,000 partitions (a URL must stay under Node's 16 KiB header limit). */
export const BROWSE_CURSOR_MAX = 12_000;

export function encodeBrowseCursor(partitions: readonly { partition: number; to: number }[]): string {
  return toBase64url(JSON.stringify(Object.fromEntries(partitions.map((p) => [p.partition, p.to]))));
}

/** partition -> next offset, or null when `cursor` is not one this server made. */
export function decodeBrowseCursor(cursor: string): Map<number, number> | null {
  const text = fromBase64url(cursor);
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const out = new Map<number, number>();
  for (const [k, v] of Object.entries(parsed)) {
    if (!/^\d{1,7}$/.test(k) || typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) return null;
    out.set(Number(k), v);
  }
  return out.size ? out : null;
}
