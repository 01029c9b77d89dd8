import type { OutgoingTask } from "./transport";

// Celery's task message, protocol 2: the same headers and body on every transport (only the
// wrapping differs: a kombu envelope on Redis, AMQP properties on RabbitMQ).

/** The message headers a Celery 5 client sends with a task. */
export function taskHeaders(task: OutgoingTask): Record<string, unknown> {
  return {
    lang: "py",
    task: task.name,
    id: task.id,
    shadow: null,
    eta: null,
    expires: null,
    group: null,
    group_index: null,
    retries: 0,
    timelimit: [null, null],
    root_id: task.rootId ?? task.id,
    parent_id: task.parentId ?? null,
    argsrepr: pyRepr(task.args),
    kwargsrepr: pyRepr(task.kwargs),
    origin: "queuedeck",
    ignore_result: false,
    ...task.headers,
  };
}

/** [args, kwargs, embed]: embed carries canvas links (none for a plain send). */
export function taskBody(task: OutgoingTask): unknown[] {
  return [task.args, task.kwargs, { callbacks: null, errbacks: null, chain: null, chord: null }];
}

// argsrepr/kwargsrepr are only shown by tools like Flower; JSON is a close enough repr.
function pyRepr(value: unknown): string {
  return JSON.stringify(value).slice(0, 1024);
}
