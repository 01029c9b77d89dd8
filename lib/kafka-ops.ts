import { z } from "zod";
import type { DecodedPayload } from "./dto";

// Kafka shapes of issue 8 that the API returns and the request bodies it accepts. Isomorphic:
// route handlers validate with these schemas and forms build the same objects.

// topics

/** One partition of GET .../topics/{topic}. Offsets are Numbers (exact below 2^53). */
export interface TopicPartitionDto {
  partition: number;
  /** Broker id of the leader; -1 while the partition has none. */
  leader: number;
  replicas: number[];
  isr: number[];
  /** Log start offset: the oldest retained record. */
  earliest: number;
  /** High watermark: the next offset to be written. */
  latest: number;
}

/** A topic config as the broker reports it; sensitive ones carry value null. */
export interface TopicConfigDto {
  name: string;
  value: string | null;
  /** False when the topic sets it itself; true when inherited from the broker or Kafka's defaults. */
  isDefault: boolean;
  readOnly: boolean;
}

export interface TopicDetailDto {
  name: string;
  partitions: TopicPartitionDto[];
  replicationFactor: number;
  /** Partitions whose ISR is smaller than their replica set. */
  underReplicated: number;
  /** Sum over partitions of latest - earliest (an upper bound of readable records). */
  messages: number;
  configs: TopicConfigDto[];
}

export interface KafkaHeaderDto {
  name: string;
  value: DecodedPayload;
}

export interface KafkaMessageDto {
  partition: number;
  offset: number;
  /** Milliseconds since the epoch, as the record carries it. */
  timestamp: number;
  /** null: the record has no key. */
  key: DecodedPayload | null;
  /** null: a tombstone (no value). */
  value: DecodedPayload | null;
  /** In record order; a name may repeat. */
  headers: KafkaHeaderDto[];
}

/** How far a browse read one partition: offsets [from, to) were scanned; `end` was the high watermark. */
export interface BrowsedPartitionDto {
  partition: number;
  from: number;
  to: number;
  end: number;
}

export type BrowseStop = "limit" | "bytes" | "time" | "end";

export interface BrowseResultDto {
  messages: KafkaMessageDto[];
  /** Records examined (matching the filter or not). */
  scanned: number;
  partitions: BrowsedPartitionDto[];
  stoppedBy: BrowseStop;
}

/** Bounds of one browse read: at most this many messages, bytes scanned and milliseconds. */
export const BROWSE_LIMITS = {
  maxMessages: 500,
  defaultMessages: 50,
  maxBytes: 32 * 1024 * 1024,
  defaultBytes: 8 * 1024 * 1024,
  maxMs: 10_000,
  defaultMs: 3_000,
} as const;

const topicName = z
  .string()
  .min(1, "must not be empty")
  .max(249, "at most 249 characters")
  .regex(/^[a-zA-Z0-9._-]+$/, "letters, digits, '.', '_' and '-' only");

const offset = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** key / value: substring of the record's UTF-8 text; header: "name" or "name=value substring". */
export const messageFilterSchema = z.strictObject({
  key: z.string().min(1).max(1024).optional(),
  value: z.string().min(1).max(1024).optional(),
  header: z.string().min(1).max(1024).optional(),
});
export type MessageFilter = z.infer<typeof messageFilterSchema>;

/** GET .../topics/{topic}/messages query: one start (offset, timestamp or newest), or from the earliest. */
export const browseQuerySchema = z
  .strictObject({
    partition: z.coerce.number().int().min(0).max(1_000_000).optional(),
    offset: offset.optional(),
    timestamp: z.coerce.number().int().min(0).optional(),
    newest: z.coerce.number().int().min(1).max(BROWSE_LIMITS.maxMessages).optional(),
    limit: z.coerce.number().int().min(1).max(BROWSE_LIMITS.maxMessages).default(BROWSE_LIMITS.defaultMessages),
    /** Value substring (the issue's `q`). */
    q: z.string().min(1).max(1024).optional(),
    /** Key substring. */
    key: z.string().min(1).max(1024).optional(),
    /** "name" or "name=value substring". */
    header: z.string().min(1).max(1024).optional(),
  })
  .refine((b) => [b.offset, b.timestamp, b.newest].filter((v) => v !== undefined).length <= 1, {
    message: "give at most one of offset, timestamp and newest",
  });
export type BrowseQuery = z.infer<typeof browseQuerySchema>;

const headerValue = z.string().max(65_536);

/** POST .../topics/{topic}/messages. Values are UTF-8 text, or base64 when `encoding` says so. */
export const produceBodySchema = z.strictObject({
  key: z.string().max(65_536).optional(),
  value: z.string().max(1_500_000),
  encoding: z.enum(["text", "base64"]).default("text"),
  headers: z.record(z.string().min(1).max(255), headerValue).default({}),
  partition: z.number().int().min(0).max(1_000_000).optional(),
});
export type ProduceBody = z.infer<typeof produceBodySchema>;

export interface ProduceResultDto {
  partition: number;
  offset: number;
}

/** POST .../topics/{topic}/purge: records below `offset` are deleted; no partitions = the whole topic. */
export const purgeBodySchema = z.strictObject({
  partitions: z
    .array(z.strictObject({ partition: z.number().int().min(0), offset }))
    .min(1)
    .max(10_000)
    .optional(),
});
export type PurgeBody = z.infer<typeof purgeBodySchema>;

export interface PurgeResultDto {
  partitions: { partition: number; before: number; after: number; deleted: number }[];
  deleted: number;
}

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
  ratePerSecond: z.number().positive().max(1_000_000).optional(),
  maxReplays: z.number().int().min(0).max(1000).default(KAFKA_REPLAY_DEFAULT_MAX),
  /** Ignore the checkpoint of an earlier run of the same replay and start over. */
  restart: z.boolean().default(false),
});
export type KafkaReplayBody = z.infer<typeof kafkaReplayBodySchema>;
