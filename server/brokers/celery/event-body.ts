import type { CeleryEvent } from "./transport";
import { isRecord } from "./envelope";

/**
 * The events in one message body of Celery's event exchange: one event object, or for
 * `task.multi` a list of them (workers buffer task events). Anything without a string `type`
 * is dropped: a malformed event must not stop the stream.
 */
export function eventsOfBody(body: unknown): CeleryEvent[] {
  const items = Array.isArray(body) ? body : [body];
  return items.filter((e): e is CeleryEvent => isRecord(e) && typeof e.type === "string");
}
