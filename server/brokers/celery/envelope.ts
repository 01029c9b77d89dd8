import "server-only";
import { randomUUID } from "node:crypto";
import { taskBody, taskHeaders } from "./task-message";

// Kombu's message envelope on Redis, and the key names kombu derives from
// exchanges and queues. Byte-for-byte what Celery 5.2 / kombu 5.2 put on the
// wire (see shared/notes/celery-remote-control.md): a Python worker must not be
// able to tell our messages from its own.

/** Kombu joins (routing key, pattern, queue) with this in binding sets and priority queue names. */
export const KOMBU_SEP = "\x06\x16";
/** Kombu's default priority steps; step 0 is the queue's own list. */
export const PRIORITY_STEPS = [0, 3, 6, 9] as const;

export interface DeliveryInfo {
  exchange: string;
  routing_key: string;
}

export interface EnvelopeProperties {
  delivery_mode: number;
  delivery_info: DeliveryInfo;
  priority: number;
  body_encoding: "base64";
  delivery_tag: string;
  correlation_id?: string;
  reply_to?: string;
}

/** The JSON object kombu stores in lists and publishes on channels. */
export interface Envelope {
  body: string;
  "content-encoding": "utf-8";
  "content-type": "application/json";
  headers: Record<string, unknown>;
  properties: EnvelopeProperties;
}

export interface DecodedMessage {
  body: unknown;
  headers: Record<string, unknown>;
  properties: Partial<EnvelopeProperties> & Record<string, unknown>;
}

export interface EncodeOptions {
  body: unknown;
  headers?: Record<string, unknown>;
  exchange: string;
  routingKey: string;
  /** 1 = transient (control traffic), 2 = persistent (task messages). */
  deliveryMode?: 1 | 2;
  priority?: number;
  correlationId?: string;
  replyTo?: string;
}

/** Serializes a payload the way kombu does for the json serializer + base64 body encoding. */
export function encodeEnvelope(opts: EncodeOptions): string {
  const properties: EnvelopeProperties = {
    delivery_mode: opts.deliveryMode ?? 1,
    delivery_info: { exchange: opts.exchange, routing_key: opts.routingKey },
    priority: opts.priority ?? 0,
    body_encoding: "base64",
    delivery_tag: randomUUID(),
  };
  if (opts.correlationId !== undefined) properties.correlation_id = opts.correlationId;
  if (opts.replyTo !== undefined) properties.reply_to = opts.replyTo;
  const envelope: Envelope = {
    body: Buffer.from(JSON.stringify(opts.body), "utf8").toString("base64"),
    "content-encoding": "utf-8",
    "content-type": "application/json",
    headers: opts.headers ?? {},
    properties,
  };
  return JSON.stringify(envelope);
}

/**
 * Parses an envelope string. Throws on anything that is not a JSON kombu
 * envelope: a reply we cannot read must be skipped by the caller, not guessed.
 */
export function decodeEnvelope(raw: string): DecodedMessage {
  const parsed: unknown = JSON.parse(raw);
  if (!isRecord(parsed) || typeof parsed.body !== "string") {
    throw new Error("not a kombu envelope: missing string body");
  }
  const properties = isRecord(parsed.properties) ? parsed.properties : {};
  const headers = isRecord(parsed.headers) ? parsed.headers : {};
  const text =
    properties.body_encoding === "base64" ? Buffer.from(parsed.body, "base64").toString("utf8") : parsed.body;
  const contentType = parsed["content-type"];
  if (contentType !== undefined && contentType !== "application/json") {
    // Pickle/yaml/msgpack bodies exist in the wild; we only speak json.
    throw new Error(`unsupported content-type ${String(contentType)}`);
  }
  return { body: JSON.parse(text), headers, properties };
}

/** Member of `_kombu.binding.<exchange>`: how kombu's Redis transport routes direct/topic exchanges. */
export function bindingMember(routingKey: string, pattern: string, queue: string): string {
  return [routingKey, pattern, queue].join(KOMBU_SEP);
}

export function bindingSetKey(exchange: string): string {
  return `_kombu.binding.${exchange}`;
}

/** Pub/sub channel of a fanout exchange: kombu prefixes it with the db, as channels are server-wide. */
export function fanoutChannel(db: number, exchange: string): string {
  return `/${db}.${exchange}`;
}

/** Every Redis list holding a queue's messages: the queue itself plus its priority sub-lists. */
export function priorityQueueKeys(queue: string): string[] {
  return PRIORITY_STEPS.map((p) => (p === 0 ? queue : `${queue}${KOMBU_SEP}${p}`));
}

export interface TaskMessageOptions {
  name: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  queue?: string;
  id?: string;
  origin?: string;
}

/** A Celery protocol-2 task message, ready to LPUSH onto the queue's list. */
export function buildTaskMessage(opts: TaskMessageOptions): { id: string; queue: string; envelope: string } {
  const id = opts.id ?? randomUUID();
  const queue = opts.queue ?? "celery";
  const task = { id, name: opts.name, args: opts.args ?? [], kwargs: opts.kwargs ?? {}, queue };
  const envelope = encodeEnvelope({
    body: taskBody(task),
    headers: { ...taskHeaders(task), ...(opts.origin ? { origin: opts.origin } : {}) },
    exchange: "",
    routingKey: queue,
    deliveryMode: 2,
    correlationId: id,
    replyTo: randomUUID(),
  });
  return { id, queue, envelope };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
