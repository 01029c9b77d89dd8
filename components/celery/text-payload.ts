import type { DecodedPayload } from "@/lib/dto";

/** What PayloadView shows of a long text at first: it says "showing the first 64 KiB". */
export const PAYLOAD_CUT_BYTES = 64 * 1024;
/** JSON this short reads best as it came: "[2, 3]" on one line. */
const ONE_LINE = 80;

/**
 * args, kwargs and results arrive as text (Celery's repr, or JSON). JSON longer than a line is
 * pretty-printed; anything past `cut` bytes is cut, and `size` keeps the real size so the page can say it.
 */
export function textPayload(text: string, cut = PAYLOAD_CUT_BYTES): DecodedPayload {
  const bytes = new TextEncoder().encode(text);
  const truncated = bytes.length > cut;
  // A cut in the middle of a character leaves a replacement character: drop it.
  const shown = truncated ? new TextDecoder().decode(bytes.subarray(0, cut)).replace(/\uFFFD$/, "") : text;
  const json = !truncated && /^\s*[[{]/.test(text) ? prettyJson(text) : null;
  return { encoding: json === null ? "text" : "json", text: json !== null && text.length > ONE_LINE ? json : shown, size: bytes.length, truncated };
}

function prettyJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}
