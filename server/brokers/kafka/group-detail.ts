import "server-only";
import type { GroupDescription } from "kafkajs";
import type { GroupDetailDto, GroupMemberDto, GroupPartitionDto } from "@/lib/kafka";
import type { AdminLink } from "./client";
import { DomainError } from "@/server/errors";
import type { LagClock } from "./lag-seconds";
import { assignedPartitions, isNewProtocolGroup, NEW_PROTOCOL_NOTE, partitionOffsets, toOffset, withAssigned, type PartitionOffsets } from "./map";
import { settleAll } from "../settle-all";

// GET .../groups/{group}: one group read live, per partition. Admin calls (all run against
// Kafka 4.1 in tests/integration/kafka-groups.test.ts): describeGroups, fetchOffsets,
// fetchTopicOffsets per topic, listGroups only to tell an unknown group from a KIP-848 one.

export interface GroupDetailOptions {
  /** Lag in seconds comes from here; without a clock every lagSeconds is null. */
  clock?: LagClock | null;
  /** ListOffsets calls in flight at once. */
  concurrency?: number;
  now?: number;
}

/** A group's topics are bounded by what one page shows; a group reading more is cut here. */
export const MAX_GROUP_TOPICS = 500;

function membersOf(desc: GroupDescription | undefined): GroupMemberDto[] {
  if (!desc) return [];
  return desc.members.map((m) => {
    const assigned = assignedPartitions(desc.protocolType, [m.memberAssignment]);
    return {
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.clientHost,
      assignments: [...assigned].map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
        .sort((a, b) => a.topic.localeCompare(b.topic)),
    };
  }).sort((a, b) => a.clientId.localeCompare(b.clientId) || a.memberId.localeCompare(b.memberId));
}

/** A group nobody knows is "Dead" with no protocol and no commits; a KIP-848 group looks the same but is listed. */
async function listedType(link: AdminLink, groupId: string): Promise<string | undefined> {
  const { groups } = await link.run((a) => a.listGroups());
  return groups.find((g) => g.groupId === groupId)?.protocolType;
}

export async function readGroupDetail(link: AdminLink, groupId: string, opts: GroupDetailOptions = {}): Promise<GroupDetailDto> {
  const [described, committed] = await Promise.all([
    link.run((a) => a.describeGroups([groupId])).then((r) => r.groups[0]),
    link.run((a) => a.fetchOffsets({ groupId })),
  ]);
  const hasCommits = committed.some((t) => t.partitions.some((p) => toOffset(p.offset) >= 0));
  let note: string | undefined;
  let desc = described;
  if (!desc || (desc.state === "Dead" && desc.protocolType === "")) {
    const listed = await listedType(link, groupId);
    if (listed === undefined && !hasCommits) throw new DomainError("not_found", `consumer group ${groupId} does not exist`);
    if (listed !== undefined && desc && isNewProtocolGroup(listed, desc)) {
      note = NEW_PROTOCOL_NOTE;
      desc = undefined;
    }
  }
  const protocolType = desc?.protocolType ?? "consumer";
  const assigned = assignedPartitions(protocolType, desc?.members.map((m) => m.memberAssignment) ?? []);
  const all = withAssigned(committed, assigned).filter((t) => t.partitions.length > 0);
  const topics = [...new Set(all.map((t) => t.topic))].sort().slice(0, MAX_GROUP_TOPICS);

  const settled = await settleAll(topics, opts.concurrency ?? 8, (t) => link.topicOffsets(t).then(partitionOffsets));
  const ends = new Map<string, Map<number, PartitionOffsets>>();
  settled.forEach((r, i) => {
    // A topic deleted since the commit has no end offset: its rows show end null.
    if (r.status === "fulfilled") ends.set(topics[i]!, new Map(r.value.map((p) => [p.partition, p])));
  });

  const partitions: (GroupPartitionDto & { low: number | null })[] = [];
  for (const t of all) {
    if (!topics.includes(t.topic)) continue;
    for (const p of t.partitions) {
      const offset = toOffset(p.offset);
      const known = ends.get(t.topic)?.get(p.partition);
      const c = offset >= 0 ? offset : null;
      const end = known ? known.high : null;
      partitions.push({
        topic: t.topic,
        partition: p.partition,
        committed: c,
        end,
        lag: c !== null && end !== null ? Math.max(0, end - c) : null,
        lagSeconds: null,
        low: known ? known.low : null,
      });
    }
  }
  partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  if (opts.clock) {
    const ages = await opts.clock.lagSeconds(partitions, opts.now ?? Date.now());
    ages.forEach((s, i) => (partitions[i]!.lagSeconds = s));
  }
  const rows: GroupPartitionDto[] = partitions.map((p) => ({
    topic: p.topic, partition: p.partition, committed: p.committed, end: p.end, lag: p.lag, lagSeconds: p.lagSeconds,
  }));
  const ages = rows.map((r) => r.lagSeconds).filter((s): s is number => s !== null);
  return {
    id: groupId,
    groupId,
    state: desc?.state ?? "Unknown",
    protocolType,
    members: membersOf(desc),
    partitions: rows,
    lag: rows.reduce((n, r) => n + (r.lag ?? 0), 0),
    lagSeconds: ages.length ? ages.reduce((m, s) => Math.max(m, s), 0) : null,
    topics,
    ...(note ? { note } : {}),
  };
}
