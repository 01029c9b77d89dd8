import { z } from "zod";
import { sourceParamsSchema } from "./schemas";

// Kafka shapes the API returns and the ids its routes accept. Isomorphic: route handlers and
// panels share them.

/** A consumer group by the `id` its list item carries (Kafka allows almost any string). */
export const groupParamsSchema = sourceParamsSchema.extend({ group: z.string().min(1).max(1000) });
/** A topic by the `id` its list item carries: Kafka's legal topic names. */
export const topicParamsSchema = sourceParamsSchema.extend({
  topic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, "a Kafka topic name (letters, digits, '.', '_', '-'; max 249)"),
});

export interface KafkaTopicDto {
  /** The topic's name: the id the API routes and the series (seriesKey.topic) use. */
  id: string;
  name: string;
  partitions: number;
  /** Sum over partitions of high - low: retained offsets. Compaction and transaction
   * markers make it an upper bound of the records actually readable. */
  messages: number;
}

export interface KafkaGroupDto {
  /** The group id: the id the API routes and the series (seriesKey.group) use. */
  id: string;
  groupId: string;
  /** Kafka's group state (Stable, Empty, PreparingRebalance, Dead...) or "Unknown". */
  state: string;
  protocolType: string;
  /** null when the broker would not tell (see `note`). */
  members: number | null;
  /** Sum over partitions with a committed offset of high watermark - committed offset. */
  lag: number;
  /** Topics the group has committed offsets for or is assigned, sorted. */
  topics: string[];
  /** Assigned partitions with no committed offset yet: not counted in `lag`. */
  partitionsWithoutOffset: number;
  /** Why part of this group could not be read (e.g. describe failed), redacted. */
  error?: string;
  /** A known limitation, not a failure (e.g. a KIP-848 group kafkajs cannot describe). */
  note?: string;
}
