import "server-only";
import { z } from "zod";
import { formatZodIssues } from "@/lib/zod-format";
import { errorText } from "@/server/redact";
import { DomainError, type ErrorCode } from "@/server/errors";
import { jsonError } from "./json-error";

/** The one table from domain error codes to HTTP: status and the JSON `error.code` clients see. */
const HTTP_OF: Record<ErrorCode, { status: number; code: string }> = {
  not_found: { status: 404, code: "not_found" },
  conflict: { status: 409, code: "conflict" },
  locked: { status: 409, code: "resource_locked" },
  unavailable: { status: 503, code: "source_unavailable" },
  invalid: { status: 400, code: "invalid_request" },
  malformed: { status: 400, code: "invalid_json" },
  unsupported: { status: 400, code: "not_supported" },
  forbidden: { status: 403, code: "forbidden" },
  broker_refused: { status: 403, code: "broker_access_refused" },
  read_only: { status: 403, code: "read_only" },
  too_large: { status: 413, code: "too_large" },
  rate_limited: { status: 429, code: "too_many_attempts" },
  media_type: { status: 415, code: "unsupported_media_type" },
};

export { jsonError };

/** The one place that turns anything thrown into a response. Unknown errors never leak their text. */
export function errorResponse(err: unknown): Response {
  if (err instanceof DomainError) {
    const { status, code } = HTTP_OF[err.code];
    // The unread rest of an oversized body is not drained: closing makes the client stop sending.
    return jsonError(status, code, err.message, err.code === "too_large" ? { connection: "close" } : undefined);
  }
  if (err instanceof z.ZodError) return jsonError(400, "invalid_request", formatZodIssues(err));
  console.error(`[api] unexpected error: ${errorText(err)}`);
  return jsonError(500, "internal", "internal error; see the server log");
}

/**
 * For the methods a route does not serve: a JSON 405 naming what is allowed, instead of
 * Next.js's empty 405.
 */
export function methodNotAllowed(...allowed: string[]): (req: Request) => Response {
  return (req) =>
    jsonError(405, "method_not_allowed", `${req.method} is not allowed here; use ${allowed.join(" or ")}`, { allow: allowed.join(", ") });
}
