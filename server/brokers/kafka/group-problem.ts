// Errors of the consumer-group engine, tagged with a code the lead maps to the domain error
// module in one place (not_found -> 404, conflict -> 409, invalid -> 400, unsupported -> 501,
// unavailable -> 503). Messages never carry broker secrets: they name groups, topics, states.

export type KafkaProblemCode = "not_found" | "conflict" | "invalid" | "unsupported" | "unavailable";

export interface KafkaProblem extends Error {
  code: KafkaProblemCode;
}

export function kafkaProblem(code: KafkaProblemCode, message: string): KafkaProblem {
  return Object.assign(new Error(message), { code });
}

export function isKafkaProblem(err: unknown): err is KafkaProblem {
  return err instanceof Error && typeof (err as { code?: unknown }).code === "string" &&
    ["not_found", "conflict", "invalid", "unsupported", "unavailable"].includes((err as KafkaProblem).code);
}
