import "server-only";
import type { DecodedPayload } from "@/lib/dto";

/** Payloads above this are cut on the server; the real size is always reported. */
export const PAYLOAD_LIMIT_BYTES = 64 * 1024;

function isLikelyText(buf: Buffer): boolean {
  // Valid UTF-8 without control characters other than tab/newline/carriage return.
  const text = buf.toString("utf8");
  if (text.includes("\uFFFD")) return false;
  return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text);
}

/**
 * Turns any broker payload into something safe to show: JSON pretty-printed, text as is,
 * binary as hex and base64; cut at `limit` bytes with the real size kept.
 */
export function decodePayload(input: Buffer | string | null | undefined, limit = PAYLOAD_LIMIT_BYTES): DecodedPayload {
  const buf = input == null ? Buffer.alloc(0) : typeof input === "string" ? Buffer.from(input, "utf8") : input;
  const size = buf.length;
  const truncated = size > limit;
  const head = truncated ? buf.subarray(0, limit) : buf;
  if (!truncated && size > 0) {
    const text = head.toString("utf8");
    if (isLikelyText(head)) {
      try {
        return { encoding: "json", text: JSON.stringify(JSON.parse(text), null, 2), size, truncated };
      } catch {
        return { encoding: "text", text, size, truncated };
      }
    }
  } else if (truncated && isLikelyText(trimToCharBoundary(head))) {
    // A cut JSON document is no longer JSON: show it as text, marked truncated.
    return { encoding: "text", text: trimToCharBoundary(head).toString("utf8"), size, truncated };
  }
  if (size === 0) return { encoding: "text", text: "", size, truncated };
  return { encoding: "binary", text: head.toString("hex"), base64: head.toString("base64"), size, truncated };
}

/** Drops a trailing partial UTF-8 sequence so a cut does not look like binary. */
function trimToCharBoundary(buf: Buffer): Buffer {
  let end = buf.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = buf[end - i]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (i < need) end -= i;
    }
    break;
  }
  return buf.subarray(0, end);
}

/** For values that are already parsed (BullMQ job data): serialize, then decode with the same rules. */
export function decodeValue(value: unknown, limit = PAYLOAD_LIMIT_BYTES): DecodedPayload {
  if (value === undefined) return { encoding: "text", text: "", size: 0, truncated: false };
  return decodePayload(Buffer.from(typeof value === "string" ? value : JSON.stringify(value) ?? "null", "utf8"), limit);
}
