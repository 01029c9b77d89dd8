import "server-only";
import { BrokerUnavailableError, HttpError } from "@/server/http/errors";
import { errorText } from "@/server/redact";

/**
 * amqplib reports a channel closed by the broker as an Error with the AMQP reply code and
 * text ('Channel closed by server: 404 (NOT-FOUND) with message "NOT_FOUND - no queue ..."').
 * Those become the HTTP status the client should see; anything else means the broker could
 * not be reached. Texts go through errorText so no credential can leave.
 */
export function amqpHttpError(err: unknown, secrets: readonly string[] = []): Error {
  if (err instanceof HttpError || err instanceof BrokerUnavailableError) return err;
  const code = typeof (err as { code?: unknown })?.code === "number" ? (err as { code: number }).code : undefined;
  const text = errorText(err, secrets);
  const reason = /with message "([^"]*)"/.exec(text)?.[1] ?? text;
  switch (code) {
    case 404:
      return new HttpError(404, "not_found", reason.replace(/^NOT_FOUND - /, ""));
    case 403:
      return new HttpError(403, "broker_access_refused", reason);
    case 405:
      return new HttpError(409, "resource_locked", reason);
    case 406:
      return new HttpError(409, "conflict", reason.replace(/^PRECONDITION_FAILED - /, ""));
    case 540:
      return new HttpError(400, "not_supported", reason.replace(/^NOT_IMPLEMENTED - /, ""));
    default:
      return new BrokerUnavailableError(`RabbitMQ: ${text}`);
  }
}
