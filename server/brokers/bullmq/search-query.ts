/**
 * The search box's little language (kept free of Redis so it is unit-tested on its own):
 *
 *   id:123              the job with that id (direct lookup, no scan)
 *   name:send-email     jobs with exactly that name
 *   $.user.id=42        data at a JSON path equals a value (42 matches 42 and "42")
 *   $.tags[0]~urgent    ... contains a text (case-insensitive)
 *   $.user.email        ... exists
 *   anything else       case-insensitive substring of the name, the data (as stored JSON
 *                       text) or failedReason; a text that is a job id also finds that job
 */
export type PathPart = string | number;

export type SearchQuery =
  | { kind: "id"; id: string }
  | { kind: "name"; name: string }
  | { kind: "path"; path: PathPart[]; op: "=" | "~" | "exists"; value?: unknown; raw?: string }
  | { kind: "text"; text: string };

export interface JobText {
  id: string;
  name: string | null;
  data: string | null;
  failedReason: string | null;
}

export class SearchSyntaxError extends Error {}

/** `$.a.b[0]["x y"]` -> ["a", "b", 0, "x y"]. */
export function parsePath(expr: string): PathPart[] {
  if (!expr.startsWith("$")) throw new SearchSyntaxError("a JSON path starts with $");
  const parts: PathPart[] = [];
  const token = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\['([^']*)'\]/y;
  let i = 1;
  while (i < expr.length) {
    token.lastIndex = i;
    const m = token.exec(expr);
    if (!m) throw new SearchSyntaxError(`cannot read the JSON path at "${expr.slice(i)}"`);
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else if (m[3] !== undefined) parts.push(quotedName(m[3]));
    else parts.push(m[4]!);
    i = token.lastIndex;
  }
  if (!parts.length) throw new SearchSyntaxError("the JSON path names no field");
  return parts;
}

/** A double-quoted name takes JSON's escapes; a bad one (`\x`, a short `\u`) is the user's typo, not a crash. */
function quotedName(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    throw new SearchSyntaxError(`cannot read the quoted name "${body}": use JSON escapes such as \\" or \\u00e9`);
  }
}

export function parseSearch(input: string): SearchQuery {
  const q = input.trim();
  if (/^id:/i.test(q)) return { kind: "id", id: q.slice(3).trim() };
  if (/^name:/i.test(q)) return { kind: "name", name: q.slice(5).trim() };
  if (q.startsWith("$")) {
    const op = /^(\$[^=~]*?)\s*([=~])\s*(.*)$/s.exec(q);
    if (!op) return { kind: "path", path: parsePath(q), op: "exists" };
    const raw = op[3]!;
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      /* a bare word: compare as text */
    }
    return { kind: "path", path: parsePath(op[1]!.trim()), op: op[2] as "=" | "~", value, raw };
  }
  return { kind: "text", text: q.toLowerCase() };
}

function at(value: unknown, path: PathPart[]): { found: boolean; value?: unknown } {
  let cur: unknown = value;
  for (const p of path) {
    if (cur === null || typeof cur !== "object" || !(p in (cur as object))) return { found: false };
    cur = (cur as Record<PathPart, unknown>)[p];
  }
  return { found: true, value: cur };
}

function sameValue(a: unknown, b: unknown, raw: string | undefined): boolean {
  if (a !== null && typeof a === "object") return JSON.stringify(a) === JSON.stringify(b);
  // 42 matches 42, "42" and a bare 42 typed as text; objects compare as JSON.
  return a === b || (b !== null && typeof b !== "object" && String(a) === String(b)) || (raw !== undefined && String(a) === raw);
}

/** A cheap text test that every match must pass, so most jobs are never JSON-parsed. */
function mayMatchPath(q: Extract<SearchQuery, { kind: "path" }>, data: string): boolean {
  const last = q.path[q.path.length - 1];
  if (typeof last === "string" && !data.includes(JSON.stringify(last).slice(1, -1))) return false;
  if (q.op === "=" && (q.value === null || typeof q.value !== "object")) {
    return data.includes(String(q.value).replace(/["\\]/g, (c) => `\\${c}`)) || data.includes(q.raw ?? "");
  }
  return true;
}

export function matches(q: SearchQuery, job: JobText): boolean {
  switch (q.kind) {
    case "id":
      return job.id === q.id;
    case "name":
      return job.name === q.name;
    case "text":
      return (
        job.id === q.text ||
        (job.name?.toLowerCase().includes(q.text) ?? false) ||
        (job.data?.toLowerCase().includes(q.text) ?? false) ||
        (job.failedReason?.toLowerCase().includes(q.text) ?? false)
      );
    case "path": {
      if (!job.data || !mayMatchPath(q, job.data)) return false;
      let parsed: unknown;
      try {
        parsed = JSON.parse(job.data);
      } catch {
        return false;
      }
      const hit = at(parsed, q.path);
      if (!hit.found) return false;
      if (q.op === "exists") return true;
      if (q.op === "=") return sameValue(hit.value, q.value, q.raw);
      const text = typeof hit.value === "string" ? hit.value : JSON.stringify(hit.value);
      return text.toLowerCase().includes(String(q.raw ?? "").toLowerCase());
    }
  }
}
