import { z } from "zod";
import { BROKER_KINDS, type BrokerKind } from "./dto";
import type { ReasonGroup } from "./error-signature";

// The dead-letter inbox: one list across every source (RabbitMQ dead-letter queues, Kafka
// dead-letter topics, BullMQ failed sets, Celery failed tasks).

export type DeadLetterReasonDto = ReasonGroup;

export interface InboxItemDto {
  /** `<source>/<where>`: stable across refreshes. */
  id: string;
  source: string;
  sourceName: string;
  kind: BrokerKind;
  /** Where the letters are: the dead-letter queue or topic, the BullMQ queue (its failed set), the Celery task name. */
  where: string;
  /** Where they came from: origin queue(s) or topic, the BullMQ queue, the task name; null when unknown. */
  origin: string | null;
  count: number;
  /** ISO 8601 of the oldest letter, when known. */
  oldestAt: string | null;
  /** Change of `count` over the last hour (extrapolated from at least 30 s of history); null without history. */
  growthPerHour: number | null;
  /** Top reasons by error signature, from the `reasonsFrom` letters read for them. */
  reasons: DeadLetterReasonDto[];
  reasonsFrom: number;
  /** Why there are no reasons, or what they were read from. */
  reasonsNote?: string;
  /** ISO 8601 of when the reasons were read, when they come from an earlier read (RabbitMQ: the last peek or replay). */
  reasonsAt?: string;
  /** The source's own page for these letters (replay and retry live there). */
  href: string;
}

/** What the inbox watches in one source, for the empty state and the filters. */
export interface InboxSourceDto {
  source: string;
  name: string;
  kind: BrokerKind;
  status: "up" | "down";
  watches: string;
}

export interface InboxDto {
  items: InboxItemDto[];
  sources: InboxSourceDto[];
}

export const inboxQuerySchema = z.strictObject({
  source: z.string().min(1).max(63).optional(),
  kind: z.enum(BROKER_KINDS).optional(),
  /** Substring of the origin (or where), case-insensitive. */
  origin: z.string().min(1).max(255).optional(),
  /** Substring of a reason's signature or example, case-insensitive: keeps matching rows and reasons. */
  reason: z.string().min(1).max(300).optional(),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

// Acting on one reason group of an inbox row: the source's own loss-free path (BullMQ retry,
// Celery retry, Kafka or RabbitMQ replay), limited to the letters with that error signature.

export const inboxActionSchema = z.strictObject({
  source: z.string().min(1).max(63),
  /** The inbox row's id (`<source>/<where>`), as GET /dead-letters gives it. */
  id: z.string().min(1).max(2048),
  /** One of the row's reason signatures, exactly as listed. */
  signature: z.string().min(1).max(300),
  /** Say what would move, move nothing. */
  dryRun: z.boolean().default(false),
});
export type InboxActionBody = z.infer<typeof inboxActionSchema>;

/** What an inbox action does: a retry (BullMQ, Celery) or a replay (RabbitMQ, Kafka). */
export type InboxVerb = "retry" | "replay";
export const INBOX_VERB: Record<BrokerKind, InboxVerb> = { rabbitmq: "replay", kafka: "replay", bullmq: "retry", celery: "retry" };
/** What the letters are called in each kind, for the confirmation. */
export const INBOX_LETTERS: Record<BrokerKind, string> = { rabbitmq: "dead letters", kafka: "dead-letter records", bullmq: "failed jobs", celery: "failed tasks" };

/** The answer to a dry run: what would move, where to, and how sure the figure is. */
export interface InboxActionPlanDto {
  dryRun: true;
  source: string;
  kind: BrokerKind;
  where: string;
  signature: string;
  verb: InboxVerb;
  /** Where the letters go (the origin queue, topic, or task queue). */
  target: string;
  /** Letters with this signature: exact when `exact`, else from the `examined` letters read. */
  matching: number;
  exact: boolean;
  /** Letters read to count `matching`, out of `total` in the dead-letter place. */
  examined: number;
  total: number;
  /** Celery: failed tasks of the group that cannot be sent again (args not known exactly). */
  refused?: number;
  /** What can be duplicated (or that nothing can), and what stays behind. */
  note: string;
}

/** A started action: the same shape as the source's own operation routes. */
export interface InboxActionStartedDto {
  operationId: string;
  total: number;
  note?: string;
}
