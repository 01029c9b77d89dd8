// Error signatures: the text of a failure with what changes from one occurrence to the next
// (ids, numbers, addresses) masked, so "order 8812 not found" and "order 9 not found" count as
// one reason. The first line only: a traceback's later lines repeat the frames, not the cause.

const MAX_SIGNATURE = 200;
const MAX_EXAMPLE = 300;

const MASKS: [RegExp, string][] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<id>"],
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, "<email>"],
  [/\bhttps?:\/\/\S+/g, "<url>"],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, "<ip>"],
  [/\b0x[0-9a-f]+\b/gi, "<hex>"],
  // A word with a digit in it that is not only digits: an id (ord_8f7a6, qdt1k2, a1b2c3d4...).
  [/\b(?=[\w-]*\d)(?=[\w-]*[a-z_])[\w-]{4,}\b/gi, "<id>"],
  [/-?\b\d+(?:\.\d+)?\b/g, "<n>"],
];

/** The first non-empty line, trimmed. */
export function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "").trim();
}

export function errorSignature(text: string | null | undefined): string {
  let s = firstLine(text ?? "");
  if (!s) return "(no error text)";
  for (const [re, mask] of MASKS) s = s.replace(re, mask);
  s = s.replace(/\s+/g, " ");
  return s.length > MAX_SIGNATURE ? `${s.slice(0, MAX_SIGNATURE - 1)}…` : s;
}

export interface ReasonGroup {
  signature: string;
  /** One real message of the group (the most frequent), cut. */
  example: string;
  count: number;
}

/** Messages (with how often each was seen) grouped by signature, most frequent first. */
export function groupReasons(messages: Iterable<{ message: string | null | undefined; count: number }>, limit = 5): ReasonGroup[] {
  const groups = new Map<string, ReasonGroup & { exampleCount: number }>();
  for (const { message, count } of messages) {
    const signature = errorSignature(message);
    const text = firstLine(message ?? "") || "(no error text)";
    const example = text.length > MAX_EXAMPLE ? `${text.slice(0, MAX_EXAMPLE - 1)}…` : text;
    const g = groups.get(signature);
    if (!g) groups.set(signature, { signature, example, count, exampleCount: count });
    else {
      g.count += count;
      if (count > g.exampleCount) Object.assign(g, { example, exampleCount: count });
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || a.signature.localeCompare(b.signature))
    .slice(0, limit)
    .map(({ signature, example, count }) => ({ signature, example, count }));
}
