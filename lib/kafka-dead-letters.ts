import { z } from "zod";
import type { ReasonGroup } from "./error-signature";
import { messageFilterSchema, offset, topicName } from "./kafka";

// Kafka dead-letter topics: detection settings, the shapes GET .../dead-letters serves, and the
// replay request. Isomorphic, like lib/kafka.ts.

/** Dead-letter detection settings (per source; defaults in server/brokers/kafka/dead-letters.ts). */
export const deadLetterSettingsSchema = z.strictObject({
  /** Globs on topic names: "*" matches any run of characters, e.g. "*.DLT" or "dlq.*". */
  namePatterns: z.array(z.string().min(1).max(249)).max(50).optional(),
  /** Header names that carry the origin topic, tried in order. */
  originHeaders: z.array(z.string().min(1).max(255)).max(20).optional(),
  /** Header names that carry the exception message, tried in order. */
  exceptionHeaders: z.array(z.string().min(1).max(255)).max(20).optional(),
});
export type DeadLetterSettings = z.infer<typeof deadLetterSettingsSchema>;

export interface DeadLetterTopicDto {
  topic: string;
  /** Retained records (latest - earliest over partitions). */
  count: number;
  /** Timestamp (ms) of the oldest retained record; null when empty. */
  oldest: number | null;
  /** From the origin header of the sample, else the name mapping; null when neither says. */
  origin: string | null;
  detectedBy: ("name" | "header")[];
  /** Most frequent exception messages in the sample, most frequent first. */
  topExceptions: { message: string; count: number }[];
  /** The sample's exceptions grouped by error signature (lib/error-signature), the commonest first. */
  topReasons: ReasonGroup[];
  /** Records the sample above was taken from. */
  sampled: number;
}

/** Produced but not yet checkpointed at most, per replay: the most duplicates a kill of QueueDeck can cause. */
export const KAFKA_REPLAY_IN_FLIGHT_WINDOW = 500;
/** Default loop guard: records already replayed more often than this are skipped. */
export const KAFKA_REPLAY_DEFAULT_MAX = 3;
export const KAFKA_REPLAY_COUNT_HEADER = "x-queuedeck-replay-count";
/** `topic/partition/offset` of the dead letter a replayed record was copied from. */
export const KAFKA_REPLAY_SOURCE_HEADER = "x-queuedeck-replay-source";

/** A bound of a replay range: an offset (applied to every partition replayed) or a timestamp. */
const rangeBound = z.union([z.strictObject({ offset }), z.strictObject({ timestamp: z.number().int().min(0) })]);
export type ReplayBound = z.infer<typeof rangeBound>;

/** POST .../topics/{topic}/replay. */
export const kafkaReplayBodySchema = z.strictObject({
  /** A chosen topic; absent = each record's origin (header, else the name mapping). */
  target: topicName.optional(),
  partition: z.number().int().min(0).max(1_000_000).optional(),
  /** Inclusive. */
  from: rangeBound.optional(),
  /** Exclusive. */
  to: rangeBound.optional(),
  q: messageFilterSchema.optional(),
  /** Only records whose exception header has this error signature (lib/error-signature.ts), as the dead-letter inbox groups them. */
  signature: z.string().min(1).max(300).optional(),
  ratePerSecond: z.number().positive().max(1_000_000).optional(),
  maxReplays: z.number().int().min(0).max(1000).default(KAFKA_REPLAY_DEFAULT_MAX),
  /** Ignore the checkpoint of an earlier run of the same replay and start over. */
  restart: z.boolean().default(false),
});
export type KafkaReplayBody = z.infer<typeof kafkaReplayBodySchema>;

/**
 * A dead-letter topic as GET .../dead-letters serves it: `id` is the topic (the topics routes' id);
 * `scannedAt` (ms) is when its summary was read: a scan capped by its budget leaves the rows it
 * did not reach as an earlier scan read them.
 */
export type DeadLetterTopicItemDto = DeadLetterTopicDto & { id: string; scannedAt: number };

/** How far the collector's last dead-letter scan read (GET .../dead-letters `scan`). */
export interface DeadLetterScanDto {
  /** Candidate topics (named like DLTs, plus probed ones) and how many the last scan read. */
  candidates: number;
  read: number;
  records: number;
  bytes: number;
  ms: number;
  /** The per-scan budget that stopped it early ("records", "bytes" or "time"); null when it read them all. */
  stoppedBy: "records" | "bytes" | "time" | null;
  /** Where the next scan starts: the first candidate after this topic; null to start over. */
  resumeAfter: string | null;
  /** When the scan ran (ms). */
  at: number;
}
