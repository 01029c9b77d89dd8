import "server-only";
import { DomainError, isDomainError, unavailable } from "@/server/errors";
import { errorText } from "@/server/redact";

/**
 * amqplib reports a channel closed by the broker as an Error with the AMQP reply code and
 * text ('Channel closed by server: 404 (NOT-FOUND) with message "NOT_FOUND - no queue ..."').
 * Those become domain errors; anything else means the broker could not be reached. Texts go
 * through errorText so no credential can leave.
 */
export function amqpDomainError(err: unknown, secrets: readonly string[] = []): DomainError {
  if (isDomainError(err)) return err;
  const code = typeof (err as { code?: unknown })?.code === "number" ? (err as { code: number }).code : undefined;
  const text = errorText(err, secrets);
  const reason = /with message "([^"]*)"/.exec(text)?.[1] ?? text;
  switch (code) {
    case 404:
      // notFound() would append " not found" to a text that already says so.
      return new DomainError("not_found", reason.replace(/^NOT_FOUND - /, ""));
    case 403:
      return new DomainError("broker_refused", reason);
    case 405:
      return new DomainError("locked", reason);
    case 406:
      return new DomainError("conflict", reason.replace(/^PRECONDITION_FAILED - /, ""));
    case 540:
      return new DomainError("unsupported", reason.replace(/^NOT_IMPLEMENTED - /, ""));
    default:
      return unavailable(`RabbitMQ: ${text}`);
  }
}


/**
 * RabbitMQ closes the handshake at connection.open both for a vhost that does not exist and for
 * one our user may not use; amqplib keeps only "Expected ConnectionOpenOk; got <ConnectionClose>".
 * `exists` (from the management API, undefined when it cannot say) tells the two apart.
 */
export function isVhostRefusal(err: unknown): boolean {
  return /Expected ConnectionOpenOk; got <ConnectionClose/.test(errorText(err));
}

export function vhostRefusedError(source: string, vhost: string, exists: boolean | undefined): DomainError {
  if (exists === true) return new DomainError("broker_refused", `RabbitMQ refused our user access to vhost "${vhost}" on ${source}`);
  const unsure = exists === undefined ? " (or our user may not use it)" : "";
  return new DomainError("not_found", `vhost "${vhost}" does not exist on ${source}${unsure}`);
}
