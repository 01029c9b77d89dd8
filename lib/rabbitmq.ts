import { z } from "zod";
import { fromBase64url, toBase64url } from "./base64url";
import type { DecodedPayload } from "./dto";

// RabbitMQ shapes the API returns and the request bodies it accepts. Isomorphic: route
// handlers validate with these schemas and forms build the same objects.

/** Where a queue's dead letters go and which queues dead-letter into it (computed in server/brokers/rabbitmq/topology.ts). */
export interface DeadLetterDto {
  /** Some other queue's dead-letter exchange / routing key routes into this queue. */
  isDeadLetterQueue: boolean;
  /** Names of the queues (same vhost) whose dead letters land here. */
  origins: string[];
  /** The queue this queue's dead letters land in (the first, when the DLX routes to several). */
  target: string | null;
  targets: string[];
  /** The dead-letter exchange ("" = the default exchange); null when the queue has none. */
  exchange: string | null;
  /** Explicit dead-letter routing key; null = messages keep their own routing keys. */
  routingKey: string | null;
  configuredBy: "argument" | "policy" | null;
  /**
   * A delay queue: message TTL plus a dead-letter route straight back to one named queue.
   * Its target is where retried messages go; it does not make that queue a DLQ.
   */
  retry: boolean;
}

/** One row of GET /api/v1/sources/{s}/queues for a RabbitMQ source. */
export interface RabbitQueueDto {
  /** Opaque and URL-safe: base64url of `vhost\0name`. */
  id: string;
  name: string;
  vhost: string;
  /** classic, quorum or stream. */
  type: string;
  /** "running", "idle", "flow", "down", ... null until the broker's first stats emission. */
  state: string | null;
  /** Ready + unacknowledged. Null (not 0) while the broker has not reported it yet. */
  depth: number | null;
  ready: number | null;
  unacked: number | null;
  consumers: number | null;
  /** 0..1; null when the broker does not report it. */
  consumerUtilisation: number | null;
  /** Messages per second: in = publish, out = deliver + get, ack, redeliver. */
  rates: { in: number; out: number; ack: number; redeliver: number };
  arguments: Record<string, unknown>;
  /** Name of the user policy applied, if any. */
  policy: string | null;
  /** Policy keys in force (user and operator policies merged by the broker). */
  effectivePolicy: Record<string, unknown>;
  deadLetter: DeadLetterDto;
}

export interface BindingDto {
  destination: string;
  destinationType: "queue" | "exchange";
  routingKey: string;
}

export interface RabbitExchangeDto {
  /** Opaque and URL-safe like queue ids: base64url of `vhost\0name` ("" = the default exchange). */
  id: string;
  name: string;
  vhost: string;
  type: string;
  durable: boolean;
  internal: boolean;
  bindings: BindingDto[];
  /** Queues that use this exchange as their dead-letter exchange. */
  deadLetterFor: string[];
}

/** One entry of a message's x-death header: each time (per queue and reason) it was dead-lettered. */
export interface DeathDto {
  reason: string;
  queue: string;
  exchange: string;
  routingKeys: string[];
  count: number;
  /** ISO time of the first death for this queue and reason; null when the broker did not say. */
  time: string | null;
}

export interface PeekedMessageDto {
  /** Position in this peek (0 = head of the queue at the time). */
  index: number;
  /** Selects this message in replay / delayed retry: message id, else a hash of body and properties. */
  key: string;
  payload: DecodedPayload;
  size: number;
  truncated: boolean;
  redelivered: boolean;
  exchange: string;
  routingKey: string;
  properties: Record<string, unknown>;
  headers: Record<string, unknown>;
  deaths: DeathDto[];
}

export interface PeekResultDto {
  items: PeekedMessageDto[];
  /** Messages are fetched and requeued: say what that changes. */
  note: string;
}

export interface DeadLetterQueueDto {
  id: string;
  name: string;
  vhost: string;
  type: string;
  depth: number | null;
  origins: { name: string; id: string }[];
  rates: { in: number; out: number };
}

/** Prefetch and in-flight bound of replay and delayed retry: the most duplicates a crash of QueueDeck can cause. */
export const REPLAY_IN_FLIGHT_WINDOW = 250;

export const DEATH_REASONS = ["rejected", "expired", "maxlen", "delivery_limit"] as const;

/**
 * Headers consumers commonly put the failure in before rejecting (Spring AMQP's
 * RepublishMessageRecoverer, then common names); checked in this order, exact names.
 */
export const RABBIT_EXCEPTION_HEADERS = ["x-exception-message", "x-exception", "x-error", "exception", "error"] as const;

/** A header as text: a string, raw bytes (AMQP byte arrays), or the `{bytes: base64}` a peek shows them as. */
function headerString(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  const b64 = v && typeof v === "object" ? (v as { bytes?: unknown }).bytes : undefined;
  return typeof b64 === "string" ? new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))) : null;
}

/**
 * Why a dead letter died, as one text for grouping by error signature: its exception header
 * when it carries one, else the latest x-death reason ("rejected", "expired"...), else null.
 */
export function rabbitReasonText(headers: Record<string, unknown> | undefined, latestDeathReason: string | undefined): string | null {
  for (const name of RABBIT_EXCEPTION_HEADERS) {
    const text = headerString(headers?.[name]);
    if (text) return text;
  }
  return latestDeathReason || null;
}

// RabbitMQ queue and exchange names are at most 255 bytes of UTF-8.
const queueName = z
  .string()
  .min(1, "must not be empty")
  .refine((s) => new TextEncoder().encode(s).length <= 255, "must be at most 255 bytes");

export const exchangeParamsSchema = z.object({
  source: z.string().min(1).max(63),
  exchange: z.string().min(1).max(2048),
});

/** POST .../messages/peek: a peek requeues what it reads (redelivered flag), so it is not a GET. */
export const peekBodySchema = z.strictObject({
  limit: z.number().int().min(1, "at least 1").max(100, "at most 100").default(10),
});

/** Which messages of a dead-letter queue an operation takes. */
const selection = {
  limit: z.number().int().min(1).max(10_000_000).optional(),
  reason: z.enum(DEATH_REASONS).optional(),
  /** Only messages whose latest death happened in this queue. */
  origin: queueName.optional(),
  /** Only messages whose reason (exception header, else the x-death reason) has this error signature (lib/error-signature.ts). */
  signature: z.string().min(1).max(300).optional(),
  /** Only these messages (keys from a peek). */
  keys: z.array(z.string().min(1).max(200)).min(1).max(1000).optional(),
  ratePerSecond: z.number().positive().max(1_000_000).optional(),
};

export const replayBodySchema = z.strictObject({
  ...selection,
  /** A queue of the same vhost; absent = back where each message died. */
  target: queueName.optional(),
  /**
   * origin: the exchange and routing keys of the latest x-death entry (the original queue through
   * the default exchange when that exchange was ""); origin-queue: always the queue it died in.
   */
  mode: z.enum(["origin", "origin-queue"]).default("origin"),
});
export type ReplayBody = z.infer<typeof replayBodySchema>;

export const delayedRetryBodySchema = z.strictObject({
  ...selection,
  delayMs: z.number().int().min(1000, "at least 1000 ms").max(7 * 24 * 3600_000, "at most 7 days"),
});
export type DelayedRetryBody = z.infer<typeof delayedRetryBodySchema>;

export const moveBodySchema = z.strictObject({ target: queueName });

const headerValue = z.union([z.string().max(65_536), z.number(), z.boolean(), z.null()]);

export const publishBodySchema = z.strictObject({
  routingKey: z.string().max(255).default(""),
  payload: z.string().max(1_500_000),
  payloadEncoding: z.enum(["text", "base64"]).default("text"),
  properties: z
    .strictObject({
      contentType: z.string().max(255).optional(),
      contentEncoding: z.string().max(255).optional(),
      persistent: z.boolean().optional(),
      priority: z.number().int().min(0).max(255).optional(),
      correlationId: z.string().max(255).optional(),
      replyTo: z.string().max(255).optional(),
      expiration: z.string().regex(/^\d{1,10}$/, "milliseconds as digits").optional(),
      messageId: z.string().max(255).optional(),
      type: z.string().max(255).optional(),
      appId: z.string().max(255).optional(),
    })
    .default({}),
  headers: z.record(z.string().min(1).max(255), headerValue).default({}),
});
export type PublishBody = z.infer<typeof publishBodySchema>;

export interface PublishResultDto {
  /** False when no queue was bound for the routing key (the broker returned the message). */
  routed: boolean;
}

export const queueIdOf = (vhost: string, name: string): string => toBase64url(`${vhost}\u0000${name}`);

/** Vhost ids for per-vhost series: base64url of the vhost name. */
export const vhostIdOf = (vhost: string): string => toBase64url(vhost);

/** Inverse of queueIdOf; null when the id is not one of ours. Exchange ids use the same form. */
export function parseQueueId(id: string): { vhost: string; name: string } | null {
  const text = fromBase64url(id, { lenient: true });
  const nul = text?.indexOf("\u0000") ?? -1;
  if (text === null || nul < 0) return null;
  return { vhost: text.slice(0, nul), name: text.slice(nul + 1) };
}

/** How people (and the audit log) name a queue or exchange: `orders (vhost /)`. */
export function rabbitName(vhost: string, name: string, what: "queue" | "exchange" = "queue"): string {
  return `${what === "exchange" && name === "" ? "(AMQP default)" : name} (vhost ${vhost})`;
}

/** The readable name behind an opaque queue or exchange id; the id itself when it is not one. */
export function rabbitNameOfId(id: string, what: "queue" | "exchange" = "queue"): string {
  const ref = parseQueueId(id);
  return ref ? rabbitName(ref.vhost, ref.name, what) : id;
}
