// The one error type below the HTTP layer. Adapters, actions and auth throw these; only
// server/http/errors.ts turns a code into a status. Messages are shown to the caller as they
// are, so they must already be free of secrets (pass broker texts through errorText first).

export type ErrorCode =
  /** No such source, queue, job, operation, user... */
  | "not_found"
  /** The broker or the store refused because of the current state (a job is active, a user exists). */
  | "conflict"
  /** The broker holds the resource exclusively (AMQP 405 RESOURCE_LOCKED). */
  | "locked"
  /** The broker behind a source cannot be reached right now. */
  | "unavailable"
  /** The request is understood but a value in it is wrong. */
  | "invalid"
  /** The request body is not JSON at all. */
  | "malformed"
  /** The source's kind cannot do this. */
  | "unsupported"
  /** The caller's role is too low. */
  | "forbidden"
  /** The broker refused our own credentials for this (AMQP 403 ACCESS_REFUSED). */
  | "broker_refused"
  /** QueueDeck runs with QUEUEDECK_READ_ONLY. */
  | "read_only"
  /** Too many failed attempts (a wrong current password); try again later. */
  | "rate_limited"
  /** The request body is over the size limit. */
  | "too_large"
  /** The request body is not declared as JSON. */
  | "media_type";

// Next.js may bundle a module more than once (the runtime and its adapters are created from
// instrumentation, route handlers live in other bundles): instanceof checks a global brand
// instead of class identity, so an error thrown by an adapter still maps to its status.
const BRAND = Symbol.for("queuedeck.DomainError");

export class DomainError extends Error {
  readonly [BRAND] = true;
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
  }
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** True when `err` is a DomainError with one of `codes` (any code when none are given). */
export function isDomainError(err: unknown, ...codes: ErrorCode[]): err is DomainError {
  return err instanceof DomainError && (codes.length === 0 || codes.includes(err.code));
}

export const notFound = (what: string) => new DomainError("not_found", `${what} not found`);
export const conflict = (message: string) => new DomainError("conflict", message);
export const invalid = (message: string) => new DomainError("invalid", message);
export const unsupported = (what: string) => new DomainError("unsupported", `${what} is not supported by this source`);
export const forbidden = (message: string) => new DomainError("forbidden", message);
/** The broker cannot be reached; `message` is already redacted. */
export const unavailable = (message: string) => new DomainError("unavailable", message);
