import "server-only";
import type { PurgeResultDto } from "@/lib/kafka";
import type { AdminLink } from "./client";
import { partitionOffsets, type PartitionOffsets } from "./map";
import { DomainError } from "@/server/errors";
import { kafkaErrorType } from "./client";
import { cleanupPolicy } from "./topic-detail";

// Purge (admin action): DeleteRecords moves a partition's log start offset forward; records
// below it are gone for every reader. Compacted topics are refused before asking the broker:
// Kafka rejects DeleteRecords on them with a bare POLICY_VIOLATION that explains nothing.

export interface PurgeTarget {
  partition: number;
  /** Records below this offset are deleted. */
  offset: number;
}

/** Where each partition's log must start: the given offsets, or every partition's high watermark. */
export function purgeTargets(topic: string, offsets: readonly PartitionOffsets[], asked?: readonly PurgeTarget[]): PurgeTarget[] {
  if (!asked) return offsets.map((o) => ({ partition: o.partition, offset: o.high })).sort((a, b) => a.partition - b.partition);
  const byPartition = new Map(offsets.map((o) => [o.partition, o]));
  const out = new Map<number, PurgeTarget>();
  for (const t of asked) {
    const o = byPartition.get(t.partition);
    if (!o) throw new DomainError("invalid", `topic ${topic} has no partition ${t.partition} (it has ${offsets.length})`);
    if (t.offset > o.high) {
      throw new DomainError("invalid", `partition ${t.partition} of ${topic} ends at offset ${o.high}: cannot delete up to ${t.offset}`);
    }
    out.set(t.partition, t);
  }
  return [...out.values()].sort((a, b) => a.partition - b.partition);
}

export function purgeReport(before: readonly PartitionOffsets[], after: readonly PartitionOffsets[], targets: readonly PurgeTarget[]): PurgeResultDto {
  const afterBy = new Map(after.map((o) => [o.partition, o.low]));
  const beforeBy = new Map(before.map((o) => [o.partition, o.low]));
  const partitions = targets.map(({ partition }) => {
    const b = beforeBy.get(partition) ?? 0;
    const a = afterBy.get(partition) ?? b;
    return { partition, before: b, after: a, deleted: Math.max(0, a - b) };
  });
  return { partitions, deleted: partitions.reduce((n, p) => n + p.deleted, 0) };
}

async function offsetsOf(link: AdminLink, topic: string): Promise<PartitionOffsets[]> {
  try {
    return partitionOffsets(await link.topicOffsets(topic));
  } catch (err) {
    if (kafkaErrorType(err) === "UNKNOWN_TOPIC_OR_PARTITION") throw new DomainError("not_found", `topic ${topic} does not exist`);
    throw err;
  }
}

/** Deletes records up to an offset per partition, or the whole topic; counts from the log start offsets before and after. */
export async function purgeTopic(link: AdminLink, topic: string, partitions?: readonly PurgeTarget[]): Promise<PurgeResultDto> {
  const before = await offsetsOf(link, topic);
  const policy = await cleanupPolicy(link, topic);
  if (policy.split(",").some((p) => p.trim() === "compact")) {
    throw new DomainError(
      "conflict",
      `topic ${topic} is compacted (cleanup.policy=${policy}): Kafka cannot delete records of a compacted topic. ` +
        `Produce tombstones (null values) for the keys to remove instead.`,
    );
  }
  const targets = purgeTargets(topic, before, partitions);
  const effective = targets.filter((t) => t.offset > (before.find((o) => o.partition === t.partition)?.low ?? 0));
  if (effective.length > 0) {
    await link.run((a) =>
      a.deleteTopicRecords({ topic, partitions: effective.map((t) => ({ partition: t.partition, offset: String(t.offset) })) }),
    );
  }
  const after = await offsetsOf(link, topic);
  return purgeReport(before, after, targets);
}
