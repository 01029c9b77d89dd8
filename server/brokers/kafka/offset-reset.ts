import "server-only";
import type { OffsetResetRequest, OffsetResetResultDto } from "@/lib/kafka";
import { MAX_RESET_PARTITIONS } from "@/lib/kafka";
import type { AdminLink } from "./client";
import { DomainError } from "@/server/errors";
import { partitionOffsets, toOffset, type PartitionOffsets } from "./map";
import { planReset, resetScope, resettableState, type PartitionState } from "./offset-plan";
import type { RawCluster } from "./internal-cluster";
import { settleAll } from "../settle-all";

// POST .../groups/{group}/offsets and DELETE .../groups/{group}. Admin calls (all run against
// Kafka 4.1 in tests/integration/kafka-groups.test.ts): describeGroups, fetchOffsets,
// fetchTopicOffsets, fetchTopicOffsetsByTimestamp, deleteGroups; the commit itself is the
// simple (non-member) OffsetCommit of internal-cluster.ts, as kafka-consumer-groups.sh sends it.

const TOPIC_CONCURRENCY = 8;

type Committed = Map<string, Map<number, number>>;

async function committedOf(link: AdminLink, groupId: string): Promise<Committed> {
  const out: Committed = new Map();
  for (const t of await link.run((a) => a.fetchOffsets({ groupId }))) {
    const parts = new Map<number, number>();
    for (const p of t.partitions) if (toOffset(p.offset) >= 0) parts.set(p.partition, toOffset(p.offset));
    if (parts.size) out.set(t.topic, parts);
  }
  return out;
}

async function stateOf(link: AdminLink, groupId: string): Promise<{ state: string; members: number }> {
  const { groups } = await link.run((a) => a.describeGroups([groupId]));
  const g = groups[0];
  return { state: g?.state ?? "Unknown", members: g?.members.length ?? 0 };
}

/** kafkajs wraps the broker's answer in KafkaJSNumberOfRetriesExceeded: look down the causes. */
function isUnknownTopic(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { type?: unknown }).type === "UNKNOWN_TOPIC_OR_PARTITION") return true;
  }
  return false;
}

/** Offsets of each topic; a topic that does not exist is absent from the map. */
async function topicRanges(link: AdminLink, topics: readonly string[]): Promise<Map<string, PartitionOffsets[]>> {
  const settled = await settleAll(topics, TOPIC_CONCURRENCY, (t) => link.topicOffsets(t).then(partitionOffsets));
  const out = new Map<string, PartitionOffsets[]>();
  settled.forEach((r, i) => {
    if (r.status === "fulfilled") out.set(topics[i]!, r.value);
    else if (!isUnknownTopic(r.reason)) throw r.reason;
  });
  return out;
}

function refused(groupId: string, state: string, members: number, what: string): Error {
  return new DomainError(
    "conflict",
    `cannot ${what} of consumer group ${groupId}: it is ${state} with ${members} active member${members === 1 ? "" : "s"}; ` +
      "stop its consumers first (the group must be Empty, as kafka-consumer-groups.sh requires)",
  );
}

const listOf = (c: Committed, refs: readonly { topic: string; partition: number }[]) =>
  refs.map(({ topic, partition }) => ({ topic, partition, offset: c.get(topic)?.get(partition) ?? null }));

/** Plans (dryRun) or applies an offset reset; apply refuses with "conflict" unless the group is Empty or Dead. */
export async function resetGroupOffsets(
  link: AdminLink,
  raw: RawCluster,
  groupId: string,
  req: OffsetResetRequest,
): Promise<OffsetResetResultDto> {
  const [{ state, members }, committed] = await Promise.all([stateOf(link, groupId), committedOf(link, groupId)]);
  if (!req.dryRun && !resettableState(state)) throw refused(groupId, state, members, "reset the offsets");

  const topics = req.topic !== undefined ? [req.topic] : [...committed.keys()].sort();
  const ranges = await topicRanges(link, topics);
  const committedParts = new Map([...committed].map(([t, parts]) => [t, [...parts.keys()]]));
  const scope = resetScope(req, committedParts, (t) => ranges.get(t)?.map((p) => p.partition));
  if (scope.length > MAX_RESET_PARTITIONS) {
    throw new DomainError("invalid", `a reset touches at most ${MAX_RESET_PARTITIONS} partitions; this one ${scope.length}: choose a topic`);
  }

  const byTimestamp = new Map<string, Map<number, number>>();
  const to = req.to;
  if (typeof to === "object" && "timestamp" in to) {
    const scoped = [...new Set(scope.map((r) => r.topic))];
    const settled = await settleAll(scoped, TOPIC_CONCURRENCY, (t) => link.run((a) => a.fetchTopicOffsetsByTimestamp(t, to.timestamp)));
    settled.forEach((r, i) => {
      if (r.status === "rejected") throw r.reason;
      byTimestamp.set(scoped[i]!, new Map(r.value.map((p) => [p.partition, toOffset(p.offset)])));
    });
  }

  const states: PartitionState[] = scope.map(({ topic, partition }) => {
    const range = ranges.get(topic)!.find((p) => p.partition === partition)!;
    const atTimestamp = byTimestamp.get(topic)?.get(partition);
    return {
      topic,
      partition,
      current: committed.get(topic)?.get(partition) ?? null,
      low: range.low,
      high: range.high,
      ...(atTimestamp !== undefined ? { atTimestamp } : {}),
    };
  });
  const partitions = planReset(req.to, states);
  if (req.dryRun) return { dryRun: true, partitions };

  try {
    await raw.commit(groupId, partitions.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.target })));
  } catch (err) {
    // A consumer joined between our check and the commit: the coordinator refuses non-members.
    const type = (err as { type?: unknown } | null)?.type;
    if (type === "UNKNOWN_MEMBER_ID" || type === "ILLEGAL_GENERATION" || type === "REBALANCE_IN_PROGRESS") {
      const now = await stateOf(link, groupId);
      throw refused(groupId, now.state, now.members, "reset the offsets");
    }
    throw err;
  }
  const after = await committedOf(link, groupId);
  return { dryRun: false, partitions, before: listOf(committed, scope), after: listOf(after, scope) };
}

/** Deletes a consumer group and its committed offsets: only when Empty (conflict otherwise). */
export async function deleteGroup(link: AdminLink, groupId: string): Promise<{ groupId: string; state: string }> {
  const [{ state, members }, committed] = await Promise.all([stateOf(link, groupId), committedOf(link, groupId)]);
  if (state === "Dead" && committed.size === 0) throw new DomainError("not_found", `consumer group ${groupId} does not exist`);
  if (state !== "Empty" && state !== "Dead") throw refused(groupId, state, members, "delete");
  try {
    await link.run((a) => a.deleteGroups([groupId]));
  } catch (err) {
    const codes = ((err as { groups?: { error?: { type?: string } }[] }).groups ?? []).map((g) => g.error?.type);
    if (codes.includes("GROUP_ID_NOT_FOUND")) throw new DomainError("not_found", `consumer group ${groupId} does not exist`);
    if (codes.includes("NON_EMPTY_GROUP")) {
      const now = await stateOf(link, groupId);
      throw refused(groupId, now.state, now.members, "delete");
    }
    throw err;
  }
  return { groupId, state };
}
