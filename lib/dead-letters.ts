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
