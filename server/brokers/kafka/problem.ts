import "server-only";

// Errors of the issue 8 Kafka engine. Plain Errors with a `code` for now, so that the lead can
// map all of them to the domain error module (404 / 409 / 400 / 501 / 503) in one place.

export type KafkaProblemCode = "not_found" | "conflict" | "invalid" | "unsupported" | "unavailable";

export interface KafkaProblem extends Error {
  code: KafkaProblemCode;
}

/** Messages must never carry secrets: callers pass topic names and numbers, never broker text with credentials. */
export function kafkaProblem(code: KafkaProblemCode, message: string): KafkaProblem {
  const err = new Error(message) as KafkaProblem;
  err.name = "KafkaProblem";
  err.code = code;
  return err;
}

export function isKafkaProblem(err: unknown): err is KafkaProblem {
  return err instanceof Error && err.name === "KafkaProblem" && typeof (err as { code?: unknown }).code === "string";
}

/** kafkajs protocol errors carry the Kafka error name in `type`. */
export function kafkaErrorType(err: unknown): string | undefined {
  const type = (err as { type?: unknown } | null)?.type;
  return typeof type === "string" ? type : undefined;
}
