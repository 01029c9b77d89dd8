/** Opaque paging cursors: base64url of a small JSON object. */
export function encodeCursor(value: object): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** The cursor's object when it decodes and passes `valid`; undefined otherwise (never throws). */
export function decodeCursor<T>(raw: string | undefined, valid: (c: Record<string, unknown>) => T | undefined): T | undefined {
  if (!raw) return undefined;
  try {
    const c: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    return c && typeof c === "object" ? valid(c as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
