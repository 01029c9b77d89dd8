import { z } from "zod";

// Kafka shapes the API returns for issue 8 and the request schemas its routes (and forms) share.

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

export const groupParamsSchema = z.object({
  source: z.string().min(1).max(63),
  group: z.string().min(1).max(2048),
});
