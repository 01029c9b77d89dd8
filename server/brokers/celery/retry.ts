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

function literal(text: string, what: string, taskId: string): unknown {
  try {
    return parsePyLiteral(text);
  } catch (err) {
    if (!(err instanceof PyLiteralError)) throw err;
    throw conflict(`task ${taskId} cannot be retried: its ${what} as the worker reported them cannot be read back exactly (${err.message})`);
  }
}

/**
 * The retry input of a stored task, or a `conflict` naming why it cannot be sent again: not
 * failed or revoked, arguments unknown or shortened, or no queue known.
 */
export function retryInputOf(task: CeleryTaskDetailDto): TaskRetryInput {
  const why = (reason: string) => conflict(`task ${task.id} cannot be retried: ${reason}`);
  if (!(RETRYABLE_STATES as readonly string[]).includes(task.state)) throw why(`it is ${task.state}; only failed or revoked tasks can be sent again`);
  if (!task.name) throw why("its name is not known (no event named it)");
  if (task.args === null || task.kwargs === null) throw why("its arguments are not known (no event carried them)");
  if (!task.retryable) throw why("its arguments are known only in a shortened form");
  const queue = task.queue ?? (task.exchange ? null : task.routingKey);
  if (!queue) throw why("the queue it was sent to is not known");
  const args = literal(task.args, "args", task.id);
  const kwargs = literal(task.kwargs, "kwargs", task.id);
  // Celery reports args as a tuple or list, kwargs as a dict.
  if (!Array.isArray(args)) throw why("its args are not a list");
  if (!isRecord(kwargs)) throw why("its kwargs are not a mapping");
  return { fromId: task.id, name: task.name, args, kwargs, queue, exchange: task.exchange, routingKey: task.routingKey };
}
