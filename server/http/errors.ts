import "server-only";
import { z } from "zod";
import { formatZodIssues } from "@/lib/zod-format";
import { errorText } from "@/server/redact";

// Next.js may bundle a module more than once (the runtime and its adapters are created from
// instrumentation, route handlers live in other bundles): instanceof checks a global brand
// instead of class identity, so an error thrown by an adapter still maps to its status.
const HTTP_ERROR = Symbol.for("queuedeck.HttpError");
const BROKER_UNAVAILABLE = Symbol.for("queuedeck.BrokerUnavailableError");
const branded = (x: unknown, brand: symbol) => typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[brand] === true;

/** An error with the HTTP status and code the client should see. Its message is shown as is. */
export class HttpError extends Error {
  readonly [HTTP_ERROR] = true;
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, HTTP_ERROR);
  }
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, "not_found", `${what} not found`);
export const badRequest = (message: string) => new HttpError(400, "invalid_request", message);
export const forbidden = (message: string) => new HttpError(403, "forbidden", message);
export const conflict = (message: string) => new HttpError(409, "conflict", message);
export const unsupported = (what: string) => new HttpError(400, "not_supported", `${what} is not supported by this source`);

export function jsonError(status: number, code: string, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

/** The one place that turns anything thrown into a response. Unknown errors never leak their text. */
export function errorResponse(err: unknown): Response {
  if (err instanceof HttpError) return jsonError(err.status, err.code, err.message);
  if (err instanceof z.ZodError) return jsonError(400, "invalid_request", formatZodIssues(err));
  if (err instanceof BrokerUnavailableError) return jsonError(503, "source_unavailable", err.message);
  console.error(`[api] unexpected error: ${errorText(err)}`);
  return jsonError(500, "internal", "internal error; see the server log");
}

/** The broker behind a source cannot be reached right now; the message is already redacted. */
export class BrokerUnavailableError extends Error {
  readonly [BROKER_UNAVAILABLE] = true;
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, BROKER_UNAVAILABLE);
  }
}

/**
 * For the methods a route does not serve: a JSON 405 naming what is allowed, instead of
 * Next.js's empty 405.
 */
export function methodNotAllowed(...allowed: string[]): (req: Request) => Response {
  return (req) =>
    jsonError(405, "method_not_allowed", `${req.method} is not allowed here; use ${allowed.join(" or ")}`, { allow: allowed.join(", ") });
}
