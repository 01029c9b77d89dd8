import type { OffsetResetRowDto, OffsetTarget, OffsetResetRequest } from "@/lib/kafka";
import { DomainError } from "@/server/errors";

// Pure planning of an offset reset, with kafka-consumer-groups.sh --reset-offsets semantics:
// which partitions (whole group = every partition it has a commit for; a topic = all its
// partitions; or chosen partitions of a topic), and where each goes, clamped to the retained
// range [earliest, end].

export interface PartitionRef {
  topic: string;
  partition: number;
}

export interface PartitionState extends PartitionRef {
  /** Committed offset; null when none. */
  current: number | null;
  /** Log start and end offsets. */
  low: number;
  high: number;
  /** First offset with a timestamp >= the asked one (end offset when none): timestamp targets only. */
  atTimestamp?: number;
}

/**
 * The partitions a reset touches. `committed`: topic -> partitions with a commit; `partitionsOf`:
 * the partitions a topic has now (undefined: no such topic).
 */
export function resetScope(
  req: Pick<OffsetResetRequest, "topic" | "partitions">,
  committed: ReadonlyMap<string, readonly number[]>,
  partitionsOf: (topic: string) => readonly number[] | undefined,
): PartitionRef[] {
  if (req.topic === undefined) {
    const out = [...committed].flatMap(([topic, parts]) => parts.map((partition) => ({ topic, partition })));
    if (out.length === 0) throw new DomainError("invalid", "the group has no committed offsets: choose a topic to reset");
    return sortRefs(out.filter((r) => partitionsOf(r.topic) !== undefined));
  }
  const topic = req.topic;
  const existing = partitionsOf(topic);
  if (existing === undefined) throw new DomainError("not_found", `topic ${topic} does not exist`);
  if (req.partitions === undefined) return existing.map((partition) => ({ topic, partition })).sort((a, b) => a.partition - b.partition);
  const unknown = req.partitions.filter((p) => !existing.includes(p));
  if (unknown.length) {
    throw new DomainError("invalid", `topic ${topic} has no partition ${unknown.slice(0, 10).join(", ")} (it has ${existing.length})`);
  }
  return sortRefs([...new Set(req.partitions)].map((partition) => ({ topic, partition })));
}

function sortRefs(refs: PartitionRef[]): PartitionRef[] {
  return refs.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** Where one partition goes, before clamping. */
function rawTarget(to: OffsetTarget, s: PartitionState): number {
  if (to === "earliest") return s.low;
  if (to === "latest") return s.high;
  if ("offset" in to) return to.offset;
  if ("timestamp" in to) {
    if (s.atTimestamp === undefined) throw new Error(`no offset by timestamp for ${s.topic}/${s.partition}`);
    return s.atTimestamp;
  }
  if (s.current === null) {
    // The CLI refuses the same: there is nothing to shift from.
    throw new DomainError("invalid", `cannot shift ${s.topic} partition ${s.partition}: the group has no committed offset there`);
  }
  return s.current + to.shiftBy;
}

export function planReset(to: OffsetTarget, states: readonly PartitionState[]): OffsetResetRowDto[] {
  return states.map((s) => {
    const target = Math.min(s.high, Math.max(s.low, rawTarget(to, s)));
    return { topic: s.topic, partition: s.partition, current: s.current, target, lag: s.high - target };
  });
}

/** Only a group without members may have its offsets changed, like the Kafka CLI. */
export function resettableState(state: string): boolean {
  return state === "Empty" || state === "Dead";
}
