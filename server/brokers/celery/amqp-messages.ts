import "server-only";
import type { Options } from "amqplib";
import { buildTaskMessage, decodeEnvelope, isRecord } from "./envelope";
import { encodeControlMessage, type ControlMessage } from "./remote-control";
import type { CeleryEvent, OutgoingTask, Replies } from "./transport";

// Celery's messages as AMQP sees them. Over RabbitMQ kombu sends no envelope: the JSON payload is
// the message body and kombu's envelope fields become AMQP properties (content_type, headers,
// delivery_mode, ...). The payloads and headers are built by the same encoders as the Redis
// transport's (decoded back from their envelope), so both transports send the same thing.
// Captured from Celery 5.2.6 over RabbitMQ: see amqp-messages.test.ts.

export const JSON_CONTENT = { contentType: "application/json", contentEncoding: "utf-8" } as const;

export interface AmqpPublish {
  exchange: string;
  routingKey: string;
  content: Buffer;
  options: Options.Publish;
}

/** The pidbox exchanges of a Celery app (`control_exchange`, "celery" by default). */
export function pidboxExchanges(namespace: string): { broadcast: string; reply: string } {
  return { broadcast: `${namespace}.pidbox`, reply: `reply.${namespace}.pidbox` };
}

/** A broadcast command, published on the `<ns>.pidbox` fanout exchange like kombu's Mailbox._publish. */
export function controlPublish(m: ControlMessage): AmqpPublish {
  const { body, headers, properties } = decodeEnvelope(encodeControlMessage(m));
  return {
    exchange: pidboxExchanges(m.namespace).broadcast,
    routingKey: "",
    content: jsonBuffer(body),
    options: {
      ...JSON_CONTENT,
      headers, // {clock, expires}
      deliveryMode: Number(properties.delivery_mode) || 2,
      priority: 0,
    },
  };
}

/**
 * A protocol-2 task message. Celery's own client sends it to the default exchange with the queue
 * as routing key, persistent, with correlation_id = task id and no priority property.
 */
export function taskPublish(task: OutgoingTask): AmqpPublish {
  const built = buildTaskMessage({ name: task.name, args: task.args, kwargs: task.kwargs, queue: task.queue, id: task.id });
  const { body, headers, properties } = decodeEnvelope(built.envelope);
  const options: Options.Publish = {
    ...JSON_CONTENT,
    headers: {
      ...headers,
      root_id: task.rootId ?? task.id,
      parent_id: task.parentId ?? null,
      ...task.headers,
    },
    deliveryMode: 2,
    correlationId: task.id,
    replyTo: typeof properties.reply_to === "string" ? properties.reply_to : undefined,
  };
  if (task.priority !== undefined) options.priority = task.priority;
  return { exchange: task.exchange ?? "", routingKey: task.routingKey ?? task.queue, content: jsonBuffer(body), options };
}

export interface ControlReply {
  ticket: string;
  clock: number | null;
  /** {"<worker hostname>": <reply>} */
  replies: Replies;
}

/** A worker's answer on the reply queue; null for anything that is not a JSON pidbox reply. */
export function parseControlReply(content: Buffer, contentType: unknown, headers: unknown): ControlReply | null {
  if (!isJson(contentType) || !isRecord(headers) || headers.ticket === undefined || headers.ticket === null) return null;
  const body = parseJson(content);
  if (!isRecord(body)) return null;
  const clock = Number(headers.clock);
  return { ticket: String(headers.ticket), clock: Number.isFinite(clock) ? clock : null, replies: body };
}

/** One message of the `celeryev` exchange: an event object, or for `task.multi` a list of them. */
export function parseEvents(content: Buffer, contentType: unknown): CeleryEvent[] {
  if (!isJson(contentType)) return [];
  const body = parseJson(content);
  const items = Array.isArray(body) ? body : [body];
  return items.filter((e): e is CeleryEvent => isRecord(e) && typeof e.type === "string");
}

// kombu leaves content_type unset only for raw bytes; anything but JSON (pickle, msgpack) we cannot read.
function isJson(contentType: unknown): boolean {
  return contentType === "application/json";
}

function parseJson(content: Buffer): unknown {
  try {
    return JSON.parse(content.toString("utf8"));
  } catch {
    return undefined;
  }
}

function jsonBuffer(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), "utf8");
}
