import { z } from "zod";
import { deadLetterSettingsSchema } from "./kafka-dead-letters";
import { grantSchema } from "./grants";

// The public format of queuedeck.config.json. Values may reference ${ENV_VARS}.

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be lowercase letters, digits, '-' or '_' (max 63)");
const name = z.string().min(1).max(120);
/** Labels that grants may name as "tag:<tag>" (lib/grants.ts): roles per team without listing ids. */
const tags = z.array(z.string().regex(/^[A-Za-z0-9._-]{1,63}$/, "letters, digits, '.', '_' or '-' (max 63)")).max(20).optional();
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
  tags,
  amqpUrl: url(["amqp", "amqps"]),
  managementUrl: url(["http", "https"]),
});

export const kafkaSourceSchema = z.strictObject({
  id,
  kind: z.literal("kafka"),
  name,
  tags,
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
  tags,
  redisUrl: url(["redis", "rediss"]),
  prefix: z.string().min(1).default("bull"),
});

export const celerySourceSchema = z.strictObject({
  id,
  kind: z.literal("celery"),
  name,
  tags,
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

/** A claim value that grants access: `claim` holds `value` (or, for a list claim such as groups, contains it). */
export const oidcMappingSchema = z.strictObject({
  claim: z.string().min(1).max(100),
  value: z.union([z.string().min(1).max(200), z.boolean()]),
  role: z.enum(["viewer", "operator", "admin"]),
  sources: grantSchema.shape.sources,
});

/**
 * Single sign-on with an OpenID Connect provider (authorization code with PKCE). Give the client
 * secret as ${ENV_VAR}: it is used only in the server's token request.
 */
export const oidcSchema = z.strictObject({
  /** Shown on the sign-in page: "Sign in with <name>". */
  name: z.string().min(1).max(60).default("SSO"),
  issuer: url(["https", "http"]),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  scopes: z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/)).min(1).default(["openid", "profile", "email"]),
  /** QueueDeck's own address as the browser sees it; the callback is <redirectBaseUrl>/api/v1/session/oidc/callback. */
  redirectBaseUrl: url(["https", "http"]),
  /** The claim that names the user (its first present one); `sub` when none is. */
  usernameClaims: z.array(z.string().min(1)).min(1).default(["preferred_username", "email", "sub"]),
  mappings: z.array(oidcMappingSchema).min(1),
});

export const authSchema = z.strictObject({
  /** false: only single sign-on; the local admin (break-glass) is turned off. Needs `oidc`. */
  localSignIn: z.boolean().default(true),
  oidc: oidcSchema.optional(),
});

export const configSchema = z
  .strictObject({
    sources: z.array(sourceSchema),
    auth: authSchema.optional(),
    collector: z
      .strictObject({
        intervalMs: z.number().int().min(500).max(3_600_000).default(5000),
        timeoutMs: z.number().int().min(200).max(600_000).optional(),
      })
      .optional(),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.auth && !cfg.auth.localSignIn && !cfg.auth.oidc) {
      ctx.addIssue({ code: "custom", path: ["auth", "localSignIn"], message: "local sign-in can be turned off only with auth.oidc configured" });
    }
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
export type OidcConfig = z.infer<typeof oidcSchema>;
export type OidcMapping = z.infer<typeof oidcMappingSchema>;
