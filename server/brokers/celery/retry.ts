import "server-only";
import { randomUUID } from "node:crypto";
import type { CeleryTaskDetailDto } from "@/lib/celery";
import { conflict, invalid } from "@/server/errors";
import type { TaskRetryInput } from "../ops/tasks";
import { parsePyLiteral, PyLiteralError } from "./py-literal";
import { isRecord } from "./envelope";
import type { OutgoingTask } from "./transport";

// Retrying a Celery task means sending it again: same name, args, kwargs, queue and routing,
// under a new id. Celery has no "retry this id" command, and the broker no longer holds the
// message, so everything comes from what the dashboard stored about the old task.

/** Header of the new message naming the task it retries (Celery passes unknown headers through). */
export const RETRY_OF_HEADER = "queuedeck_retry_of";
/** Only these end states can be sent again: a running or finished-ok task cannot. */
export const RETRYABLE_STATES = ["FAILURE", "REVOKED"] as const;
/** Celery cuts argsrepr and kwargsrepr past this many characters (app.amqp argsrepr_maxsize). */
const REPR_MAX = 1024;

/** The message a retry publishes. */
export function retryTask(input: TaskRetryInput, newId: string = randomUUID()): OutgoingTask {
  if (!input.name) throw invalid("the task's name is required to send it again");
  if (!input.queue) throw invalid("the task's queue is required to send it again");
  if (!Array.isArray(input.args)) throw invalid("args must be a list");
  if (!isRecord(input.kwargs)) throw invalid("kwargs must be an object");
  return {
    id: newId,
    name: input.name,
    args: input.args,
    kwargs: input.kwargs,
    queue: input.queue,
    // Same exchange and routing key as the original, so it reaches the same queue on AMQP too.
    ...(input.exchange ? { exchange: input.exchange } : {}),
    ...(input.routingKey ? { routingKey: input.routingKey } : {}),
    // A new root: the retry is not a child of the old task, only linked to it.
    parentId: null,
    rootId: newId,
    headers: { [RETRY_OF_HEADER]: input.fromId },
  };
}

type Checked = { ok: true; input: TaskRetryInput } | { ok: false; reason: string };

/** The args or kwargs value behind Celery's repr, or why it cannot be known exactly. */
function literal(text: string, what: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (text.length >= REPR_MAX) return { ok: false, reason: `its ${what} are longer than Celery reports (${REPR_MAX} characters), so they are known only cut short` };
  try {
    return { ok: true, value: parsePyLiteral(text) };
  } catch (err) {
    if (!(err instanceof PyLiteralError)) throw err;
    return { ok: false, reason: `its ${what} as the worker reported them cannot be read back exactly (${err.message})` };
  }
}

/**
 * Whether a stored task can be sent again, and with what. The arguments come from the reprs the
 * events carried (CeleryTaskDetailDto.args/kwargs), read back only when exact. The task history
 * can set `retryable` from this, so the page offers Retry only when it will work.
 */
export function checkRetry(task: CeleryTaskDetailDto): Checked {
  const no = (reason: string): Checked => ({ ok: false, reason });
  if (!(RETRYABLE_STATES as readonly string[]).includes(task.state)) return no(`it is ${task.state}; only failed or revoked tasks can be sent again`);
  if (!task.name) return no("its name is not known (no event named it)");
  if (task.args === null || task.kwargs === null) return no("its arguments are not known (no event carried them)");
  const queue = task.queue ?? (task.exchange ? null : task.routingKey);
  if (!queue) return no("the queue it was sent to is not known");
  const args = literal(task.args, "args");
  if (!args.ok) return args;
  const kwargs = literal(task.kwargs, "kwargs");
  if (!kwargs.ok) return kwargs;
  // Celery reports args as a tuple or list, kwargs as a dict.
  if (!Array.isArray(args.value)) return no("its args are not a list");
  if (!isRecord(kwargs.value)) return no("its kwargs are not a mapping");
  return { ok: true, input: { fromId: task.id, name: task.name, args: args.value, kwargs: kwargs.value, queue, exchange: task.exchange, routingKey: task.routingKey } };
}

/** The retry input of a stored task, or a `conflict` naming why it cannot be sent again. */
export function retryInputOf(task: CeleryTaskDetailDto): TaskRetryInput {
  const checked = checkRetry(task);
  if (!checked.ok) throw conflict(`task ${task.id} cannot be retried: ${checked.reason}`);
  return checked.input;
}
