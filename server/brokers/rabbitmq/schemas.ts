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
  message_stats: z
    .object({
      publish_details: rate,
      deliver_get_details: rate,
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
  "message_stats.publish_details.rate",
  "message_stats.deliver_get_details.rate",
] as const;
