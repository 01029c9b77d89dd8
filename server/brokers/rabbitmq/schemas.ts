import "server-only";
import { z } from "zod";

// What the RabbitMQ management HTTP API returns, limited to the fields we read.
// Objects are not strict: newer RabbitMQ versions add fields, which must not break us.
// Statistics fields are optional: a queue declared less than one stats interval ago
// (5 s by default) is listed with only name/vhost/type until the first stats emission.

const rate = z.object({ rate: z.number().optional() }).optional();

export const overviewSchema = z.object({
  rabbitmq_version: z.string().optional(),
  erlang_version: z.string().optional(),
  management_version: z.string().optional(),
  product_name: z.string().optional(),
  product_version: z.string().optional(),
  cluster_name: z.string().optional(),
});
export type Overview = z.infer<typeof overviewSchema>;

export const queueItemSchema = z.object({
  name: z.string(),
  vhost: z.string(),
  type: z.string().optional(),
  state: z.string().optional(),
  messages: z.number().optional(),
  messages_ready: z.number().optional(),
  messages_unacknowledged: z.number().optional(),
  consumers: z.number().optional(),
  arguments: z.record(z.string(), z.unknown()).optional(),
  policy: z.string().nullable().optional(),
  /** Policy and operator-policy keys in force (e.g. dead-letter-exchange); absent before the first stats emission. */
  effective_policy_definition: z.record(z.string(), z.unknown()).nullable().optional(),
  /** Share of time the queue could deliver to its consumers at once (0..1); absent without consumers on some versions. */
  consumer_utilisation: z.number().nullable().optional(),
  message_stats: z
    .object({
      publish_details: rate,
      deliver_get_details: rate,
      ack_details: rate,
      redeliver_details: rate,
    })
    .optional(),
});
export type QueueItem = z.infer<typeof queueItemSchema>;

/** One page of GET /api/queues?page=N&page_size=M. */
export const queuesPageSchema = z.object({
  items: z.array(queueItemSchema),
  page: z.number(),
  page_count: z.number(),
  page_size: z.number(),
  total_count: z.number(),
  filtered_count: z.number().optional(),
});
export type QueuesPage = z.infer<typeof queuesPageSchema>;

/** The columns the dashboard needs: asking for fewer keeps large brokers cheap to poll. */
export const QUEUE_COLUMNS = [
  "name",
  "vhost",
  "type",
  "state",
  "messages",
  "messages_ready",
  "messages_unacknowledged",
  "consumers",
  "arguments",
  "policy",
  "effective_policy_definition",
  "consumer_utilisation",
  "message_stats.publish_details.rate",
  "message_stats.deliver_get_details.rate",
  "message_stats.ack_details.rate",
  "message_stats.redeliver_details.rate",
] as const;

export const exchangeItemSchema = z.object({
  name: z.string(),
  vhost: z.string(),
  type: z.string(),
  durable: z.boolean().optional(),
  auto_delete: z.boolean().optional(),
  internal: z.boolean().optional(),
});
export type ExchangeItem = z.infer<typeof exchangeItemSchema>;

export const exchangesPageSchema = z.object({
  items: z.array(exchangeItemSchema),
  page_count: z.number(),
  total_count: z.number(),
});

export const EXCHANGE_COLUMNS = ["name", "vhost", "type", "durable", "auto_delete", "internal"] as const;

/** GET /api/bindings is not paged; `columns` keeps each row to what routing needs. */
export const bindingItemSchema = z.object({
  source: z.string(),
  vhost: z.string(),
  destination: z.string(),
  destination_type: z.enum(["queue", "exchange"]),
  routing_key: z.string(),
  arguments: z.record(z.string(), z.unknown()).optional(),
});
export type BindingItem = z.infer<typeof bindingItemSchema>;
export const bindingsSchema = z.array(bindingItemSchema);
export const BINDING_COLUMNS = ["source", "vhost", "destination", "destination_type", "routing_key", "arguments"] as const;

/** GET /api/shovels/{vhost}: the state of dynamic shovels (running, starting, terminated). */
export const shovelStatusSchema = z.array(
  z.object({
    name: z.string(),
    vhost: z.string().optional(),
    state: z.string().optional(),
    reason: z.unknown().optional(),
  }),
);
