import { z } from "zod";
import { deadLetterSettingsSchema } from "./kafka";

// The public format of queuedeck.config.json. Values may reference ${ENV_VARS}.

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be lowercase letters, digits, '-' or '_' (max 63)");
const name = z.string().min(1).max(120);
const url = (schemes: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return schemes.includes(new URL(v).protocol.replace(/:$/, ""));
      } catch {
        return false;
      }
    },
    { message: `must be a URL with scheme ${schemes.join(" or ")}` },
  );

export const rabbitmqSourceSchema = z.strictObject({
  id,
  kind: z.literal("rabbitmq"),
  name,
  amqpUrl: url(["amqp", "amqps"]),
  managementUrl: url(["http", "https"]),
});

export const kafkaSourceSchema = z.strictObject({
  id,
  kind: z.literal("kafka"),
  name,
  brokers: z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, "must be host:port")).min(1),
  clientId: z.string().optional(),
  ssl: z.boolean().optional(),
  sasl: z
    .strictObject({
      mechanism: z.enum(["plain", "scram-sha-256", "scram-sha-512"]),
      username: z.string(),
      password: z.string(),
    })
    .optional(),
  /** Dead-letter topic detection (name patterns, origin and exception headers); defaults otherwise. */
  deadLetters: deadLetterSettingsSchema.optional(),
});

export const bullmqSourceSchema = z.strictObject({
  id,
  kind: z.literal("bullmq"),
  name,
  redisUrl: url(["redis", "rediss"]),
  prefix: z.string().min(1).default("bull"),
});

export const celerySourceSchema = z.strictObject({
  id,
  kind: z.literal("celery"),
  name,
  /** Celery's broker: Redis (kombu's emulated exchanges) or RabbitMQ (real ones). */
  brokerUrl: url(["redis", "rediss", "amqp", "amqps"]),
  resultBackendUrl: url(["redis", "rediss"]).optional(),
  /** Queues to watch besides those the workers report consuming from. */
  queues: z.array(z.string().min(1)).optional(),
});

export const sourceSchema = z.discriminatedUnion("kind", [
  rabbitmqSourceSchema,
  kafkaSourceSchema,
  bullmqSourceSchema,
  celerySourceSchema,
]);

export const configSchema = z
  .strictObject({
    sources: z.array(sourceSchema),
    collector: z
      .strictObject({
        intervalMs: z.number().int().min(500).max(3_600_000).default(5000),
        timeoutMs: z.number().int().min(200).max(600_000).optional(),
      })
      .optional(),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.sources.forEach((s, i) => {
      if (seen.has(s.id)) {
        ctx.addIssue({ code: "custom", path: ["sources", i, "id"], message: `duplicate source id "${s.id}"` });
      }
      seen.add(s.id);
    });
  });

export type SourceConfig = z.infer<typeof sourceSchema>;
export type RabbitmqSourceConfig = z.infer<typeof rabbitmqSourceSchema>;
export type KafkaSourceConfig = z.infer<typeof kafkaSourceSchema>;
export type BullmqSourceConfig = z.infer<typeof bullmqSourceSchema>;
export type CelerySourceConfig = z.infer<typeof celerySourceSchema>;
export type QueueDeckConfig = z.infer<typeof configSchema>;
