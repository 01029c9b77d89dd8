import { z } from "zod";

// Alert rules, webhooks and alert history: the shapes the API returns and the bodies it accepts.
// Isomorphic: route handlers validate with these schemas and the editor builds the same objects.

export const ALERT_SEVERITIES = ["critical", "warning", "info"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_OPS = [">", "<"] as const;
export type AlertOp = (typeof ALERT_OPS)[number];
export const WEBHOOK_FORMATS = ["json", "slack"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/**
 * Metrics a rule may watch: every series name the collector writes (lib/series-key.ts), plus
 * `deadLetters` (a RabbitMQ dead-letter queue's depth, a BullMQ queue's failed count, a Kafka
 * dead-letter topic's records) and `sourceDown` (1 while the source is down, else 0).
 */
export const KNOWN_ALERT_METRICS = [
  "depth",
  "in",
  "out",
  "active",
  "completed",
  "failed",
  "completedTotal",
  "failedTotal",
  "messages",
  "produceRate",
  "lag",
  "lagSeconds",
  "consumeRate",
  "deadLetters",
  "sourceDown",
] as const;
export type AlertMetric = (typeof KNOWN_ALERT_METRICS)[number];

export interface AlertRuleDto {
  id: number;
  name: string;
  /** A source id, or "*" for every source. */
  source: string;
  /** The human name of a queue, group, topic or task; `*` matches any run of characters. */
  entity: string;
  metric: AlertMetric;
  op: AlertOp;
  threshold: number;
  forSeconds: number;
  severity: AlertSeverity;
  webhookIds: number[];
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDto {
  id: number;
  name: string;
  /** Scheme, host and the first path segment only: webhook paths often hold a token. */
  url: string;
  /** The signing secret is never returned after creation. */
  secret: "set";
  format: WebhookFormat;
  createdAt: string;
}

/** What GET /api/v1/alerts lists as firing now; also what the overview ranks. */
export interface FiringAlertDto {
  ruleId: number;
  name: string;
  severity: AlertSeverity;
  source: string;
  /** The human name of what fired ("" for a source-wide metric such as sourceDown). */
  entity: string;
  metric: string;
  value: number;
  threshold: number;
  op: AlertOp;
  /** ISO 8601: when it started firing. */
  since: string;
}

export interface DeliveryDto {
  webhookId: number;
  webhook: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  /** HTTP status of the last try, when one answered. */
  httpStatus?: number;
  error?: string;
}

/** One state change of one alert: a row of the history. */
export interface AlertEventDto {
  id: number;
  at: string;
  state: "firing" | "resolved";
  ruleId: number;
  name: string;
  severity: AlertSeverity;
  source: string;
  entity: string;
  metric: string;
  op: AlertOp;
  threshold: number;
  value: number;
  deliveries: DeliveryDto[];
}

export interface AlertsDto {
  firing: FiringAlertDto[];
  history: { items: AlertEventDto[]; nextCursor?: number };
}

const name = z.string().trim().min(1, "a name is needed").max(100);

export const alertRuleInputSchema = z.strictObject({
  name,
  source: z.string().min(1).max(63).regex(/^(\*|[A-Za-z0-9][A-Za-z0-9_.-]*)$/, 'a source id, or "*" for every source'),
  entity: z.string().trim().min(1, 'a name or a wildcard such as "orders.*" (or "*")').max(255),
  metric: z.enum(KNOWN_ALERT_METRICS, { error: `one of ${KNOWN_ALERT_METRICS.join(", ")}` }),
  op: z.enum(ALERT_OPS),
  threshold: z.number().finite(),
  forSeconds: z.number().int().min(0).max(7 * 86_400),
  severity: z.enum(ALERT_SEVERITIES),
  webhookIds: z.array(z.number().int().positive()).max(20).default([]),
});
export type AlertRuleInput = z.infer<typeof alertRuleInputSchema>;

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.length > 0;
  } catch {
    return false;
  }
}

export const webhookInputSchema = z.strictObject({
  name,
  url: z.string().max(2048).refine(isHttpUrl, "an http or https URL"),
  secret: z.string().min(8, "at least 8 characters").max(256),
  format: z.enum(WEBHOOK_FORMATS).default("json"),
});
export type WebhookInput = z.infer<typeof webhookInputSchema>;

export const alertIdParams = z.strictObject({ id: z.coerce.number().int().positive() });

export const alertHistoryQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.coerce.number().int().positive().optional(),
});

/** The header every delivery carries: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const SIGNATURE_HEADER = "X-QueueDeck-Signature";
