import "server-only";

/** A UNIQUE or PRIMARY KEY clash, as SQLite (SQLITE_CONSTRAINT_*) or PostgreSQL (23505) reports it. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("SQLITE_CONSTRAINT") || code === "23505");
}
