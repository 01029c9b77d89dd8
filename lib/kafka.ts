import { z } from "zod";
import { BROWSE_CURSOR_MAX, decodeBrowseCursor } from "./kafka-cursor";
import type { DecodedPayload } from "./dto";
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
  /** Largest replica set among the partitions (from the tick's metadata). */
  replicationFactor: number;
  /** Partitions whose ISR is smaller than their replica set. */
  underReplicated: number;
  /** Messages per second written, from end-offset deltas between two collector ticks; null on the first tick. */
  produceRate?: number | null;
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
  /** The group's lag on each topic of `topics` (the topic page shows the readers' lag on that topic). */
  lagByTopic: Record<string, number>;
  /** Max over partitions of now minus the timestamp of the record at the committed offset; 0 without
   * lag; null when not known yet (the LagClock reads a bounded number of records per tick). */
  lagSeconds: number | null;
  /** lagSeconds on each topic of `topics` (same rules, over that topic's partitions). */
  lagSecondsByTopic: Record<string, number | null>;
  /** Messages per second consumed, from committed-offset deltas between two ticks; null on the first. */
  consumeRate: number | null;
  /** Seconds until the lag is consumed at the current consume and produce rates (0 without lag);
   * null when the group does not gain on its producers or a rate is unknown. */
  timeToDrainSeconds: number | null;
  /** Why part of this group could not be read (e.g. describe failed), redacted. */
  error?: string;
  /** A known limitation, not a failure (e.g. a KIP-848 group kafkajs cannot describe). */
  note?: string;
}

// groups

export interface GroupMemberDto {
  memberId: string;
  clientId: string;
  host: string;
  /** Decoded from the member's assignment (consumer protocol only; empty otherwise). */
  assignments: { topic: string; partitions: number[] }[];
}

export interface GroupPartitionDto {
  topic: string;
  partition: number;
  /** Next offset the group will read; null when the partition is assigned but never committed. */
  committed: number | null;
  /** Log end offset (high watermark); null when the topic is gone. */
  end: number | null;
  /** end - committed; null without a commit or without an end offset. */
  lag: number | null;
  /** Now minus the timestamp of the record at the committed offset (0 when not lagging);
   * null when unknown (no commit, or the record was not read this tick: see LagClock). */
  lagSeconds: number | null;
}

/** GET .../groups/{group} */
export interface GroupDetailDto {
  /** The list item's id (the group id). */
  id: string;
  groupId: string;
  /** Kafka's group state (Stable, Empty, PreparingRebalance, Dead...) or "Unknown". */
  state: string;
  protocolType: string;
  members: GroupMemberDto[];
  partitions: GroupPartitionDto[];
  /** Sum of the partitions' lag. */
  lag: number;
  /** Max over partitions; null when no lagging partition's age is known. */
  lagSeconds: number | null;
  topics: string[];
  /** From the collector's latest snapshot row of the group (null before two ticks). */
  consumeRate?: number | null;
  timeToDrainSeconds?: number | null;
  /** A known limitation, not a failure (e.g. a KIP-848 group kafkajs cannot describe). */
  note?: string;
}

export interface OffsetResetRowDto {
  topic: string;
  partition: number;
  /** Committed offset before the reset; null when the partition had none. */
  current: number | null;
  /** Offset the group will read next after the reset, clamped to [earliest, end]. */
  target: number;
  /** end - target: the lag right after the reset. */
  lag: number;
}

/** POST .../groups/{group}/offsets */
export interface OffsetResetResultDto {
  dryRun: boolean;
  partitions: OffsetResetRowDto[];
  /** Apply only: committed offsets read back before and after the commit (the audit row). */
  before?: { topic: string; partition: number; offset: number | null }[];
  after?: { topic: string; partition: number; offset: number | null }[];
}

/** Bounds: a reset touches at most this many partitions (a whole group of a big cluster fits). */
export const MAX_RESET_PARTITIONS = 10_000;
const MAX_OFFSET = Number.MAX_SAFE_INTEGER;

const offsetTargetSchema = z.union([
  z.enum(["earliest", "latest"]),
  z.strictObject({ timestamp: z.union([z.number().int().nonnegative(), z.iso.datetime().transform((s) => Date.parse(s))]) }),
  z.strictObject({ offset: z.number().int().nonnegative().max(MAX_OFFSET) }),
  z.strictObject({ shiftBy: z.number().int().min(-MAX_OFFSET).max(MAX_OFFSET) }),
]);
export type OffsetTarget = z.output<typeof offsetTargetSchema>;

export const offsetResetSchema = z
  .strictObject({
    to: offsetTargetSchema,
    /** One topic; without it the whole group (every partition it has committed). */
    topic: z.string().min(1).max(249).optional(),
    /** Chosen partitions of `topic`. */
    partitions: z.array(z.number().int().nonnegative().max(1_000_000)).min(1).max(MAX_RESET_PARTITIONS).optional(),
    dryRun: z.boolean().default(false),
  })
  .refine((r) => r.partitions === undefined || r.topic !== undefined, {
    message: "partitions need a topic",
    path: ["partitions"],
  });
export type OffsetResetRequest = z.output<typeof offsetResetSchema>;

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
  /**
   * Pass as `after` (with the same filters and limit) for the next page: every partition resumes
   * at its `to`, so no record is skipped or repeated. Null when every partition read reached its
   * end, and for `newest` reads.
   */
  next: string | null;
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

export const topicName = z
  .string()
  .min(1, "must not be empty")
  .max(249, "at most 249 characters")
  .regex(/^[a-zA-Z0-9._-]+$/, "letters, digits, '.', '_' and '-' only");

export const offset = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

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
    /** The `next` of the previous page: where each partition resumes (lib/kafka-cursor.ts). */
    after: z
      .string()
      .max(BROWSE_CURSOR_MAX, "a `next` from a previous page")
      .transform((s, ctx) => decodeBrowseCursor(s) ?? (ctx.addIssue({ code: "custom", message: "a `next` from a previous page" }), z.NEVER))
      .optional(),
  })
  .refine((b) => [b.offset, b.timestamp, b.newest].filter((v) => v !== undefined).length <= 1, {
    message: "give at most one of offset, timestamp and newest",
  })
  .refine((b) => b.after === undefined || [b.offset, b.timestamp, b.newest].every((v) => v === undefined), {
    message: "after continues a previous page: give it without offset, timestamp or newest",
    path: ["after"],
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

/** A consumer group reading a topic, as the collector's last tick saw it (GET .../topics/{topic}). */
export interface TopicReaderDto {
  id: string;
  groupId: string;
  state: string;
  members: number | null;
  /** The group's lag on this topic (not over every topic it reads). */
  lag: number;
  /** The group's lag in seconds on this topic, when the groups list carries it. */
  lagSeconds?: number | null;
}

/** GET .../topics/{topic}: the live detail, the list item's `id`, and the groups reading it. */
export type TopicPageDto = TopicDetailDto & { id: string; groups: TopicReaderDto[]; sampledAt?: string };
