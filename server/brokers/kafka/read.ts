import "server-only";
import type { GroupDescription, ITopicMetadata } from "kafkajs";
import type { KafkaGroupDto, KafkaTopicDto } from "@/lib/kafka";
import type { AdminLink } from "./client";
import type { ClusterBatches, GroupReads, TopicLeaders } from "./cluster-batches";
import { settleAll } from "../settle-all";
import {
  assignedPartitions,
  groupLag,
  highWatermarksOf,
  isInternalTopic,
  isNewProtocolGroup,
  NEW_PROTOCOL_NOTE,
  partitionOffsets,
  toOffset,
  topicRow,
  withAssigned,
  type CommittedTopic,
  type PartitionOffsets,
} from "./map";

// One collector tick's reads. Every admin call used here was run against Apache Kafka
// 4.1.0 with kafkajs 2.2.4 (tests/integration/kafka-adapter.test.ts): describeCluster,
// fetchTopicMetadata, fetchTopicOffsets, listGroups, describeGroups, fetchOffsets; and so were
// the batched requests of cluster-batches.ts that replace the per-group and per-topic ones.

export interface ReadOptions {
  /** Topics read per tick (each adds its partitions to the ListOffsets requests, or costs two of its own without batches). */
  maxTopics: number;
  /** Groups read per tick (batched: 250 per request; without batches each costs an OffsetFetch round trip). */
  maxGroups: number;
  /** Requests (admin calls) in flight at once. */
  concurrency: number;
  text: (err: unknown) => string;
}

/** A committed partition of a group, for lag in seconds and consume rate. */
export interface CommittedPartition {
  topic: string;
  partition: number;
  committed: number;
  /** Log end and start offsets; null when the topic's offsets were not read. */
  end: number | null;
  low: number | null;
}

export interface Listing {
  topics: KafkaTopicDto[];
  /** Without lagSeconds, consumeRate and timeToDrainSeconds: the adapter adds those (tick-rates.ts). */
  groups: Omit<KafkaGroupDto, "lagSeconds" | "lagSecondsByTopic" | "consumeRate" | "timeToDrainSeconds">[];
  /** Per group id, its committed partitions (same order as `groups`). */
  committed: Map<string, CommittedPartition[]>;
  /** End offsets per topic read this tick (the topic list and the groups' other topics). */
  ends: Map<string, PartitionOffsets[]>;
  /** Partial failures worth showing as `degraded`, already redacted. */
  problems: string[];
}

/** End offsets of these topics, through the batches when the cluster speaks them, else one admin call per topic. */
async function readOffsets(
  link: AdminLink,
  batches: ClusterBatches | null,
  topics: readonly TopicLeaders[],
  opts: ReadOptions,
  problems: string[],
): Promise<Map<string, PartitionOffsets[]>> {
  const out = new Map<string, PartitionOffsets[]>();
  if (batches) {
    for (const [name, r] of await batches.endOffsets(topics)) {
      if (r instanceof Error) problems.push(`offsets of topic ${name}: ${opts.text(r)}`);
      else out.set(name, r);
    }
    return out;
  }
  const names = topics.map((t) => t.name);
  const settled = await settleAll(names, opts.concurrency, (name) => link.topicOffsets(name).then(partitionOffsets));
  settled.forEach((r, i) => {
    if (r.status === "fulfilled") out.set(names[i]!, r.value);
    else problems.push(`offsets of topic ${names[i]}: ${opts.text(r.reason)}`);
  });
  return out;
}

/** Describes all groups in one call; if one group spoils the batch, one by one. */
async function describeAll(link: AdminLink, ids: readonly string[], opts: ReadOptions): Promise<Map<string, GroupDescription | Error>> {
  const out = new Map<string, GroupDescription | Error>();
  if (ids.length === 0) return out;
  try {
    const { groups } = await link.run((a) => a.describeGroups([...ids]));
    for (const g of groups) out.set(g.groupId, g);
    return out;
  } catch {
    // kafkajs throws for the whole batch when any group carries an error code.
  }
  const settled = await settleAll(ids, opts.concurrency, (id) => link.run((a) => a.describeGroups([id])));
  settled.forEach((r, i) => {
    const id = ids[i]!;
    if (r.status === "fulfilled" && r.value.groups[0]) out.set(id, r.value.groups[0]);
    else out.set(id, new Error(r.status === "rejected" ? opts.text(r.reason) : "group not described"));
  });
  return out;
}

/** Clusters older than Kafka 3.0: kafkajs's admin, one OffsetFetch (and FindCoordinator) per group. */
async function readGroupsOneByOne(link: AdminLink, ids: readonly string[], opts: ReadOptions): Promise<GroupReads> {
  const [described, settled] = await Promise.all([
    describeAll(link, ids, opts),
    settleAll(ids, opts.concurrency, (groupId) => link.run((a) => a.fetchOffsets({ groupId }))),
  ]);
  const committed = new Map<string, CommittedTopic[] | Error>();
  settled.forEach((r, i) => committed.set(ids[i]!, r.status === "fulfilled" ? r.value : new Error(opts.text(r.reason))));
  return { described, committed };
}

async function listGroupIds(link: AdminLink, opts: ReadOptions, problems: string[]): Promise<{ ids: string[]; listedType: Map<string, string> }> {
  const { groups: overview } = await link.run((a) => a.listGroups());
  const listedType = new Map(overview.map((g) => [g.groupId, g.protocolType]));
  const allIds = [...listedType.keys()].sort();
  if (allIds.length > opts.maxGroups) {
    problems.push(`group list truncated: ${opts.maxGroups} of ${allIds.length} groups read this tick`);
  }
  return { ids: allIds.slice(0, opts.maxGroups), listedType };
}

/** A group's committed partitions with their topic's offsets: plain loops, a tick has tens of thousands. */
function committedPartitions(committed: readonly CommittedTopic[], ends: ReadonlyMap<string, ReadonlyMap<number, PartitionOffsets>>): CommittedPartition[] {
  const out: CommittedPartition[] = [];
  for (const t of committed) {
    const known = ends.get(t.topic);
    for (const p of t.partitions) {
      const offset = toOffset(p.offset);
      if (offset < 0) continue;
      const k = known?.get(p.partition);
      out.push({ topic: t.topic, partition: p.partition, committed: offset, end: k ? k.high : null, low: k ? k.low : null });
    }
  }
  return out;
}

const leadersOf = (t: ITopicMetadata): TopicLeaders => ({ name: t.name, partitions: t.partitions });

/**
 * One collector tick's reads. `batches` (one per source, it remembers group coordinators) reads
 * many groups and topics per request; without it, or on a cluster older than Kafka 3.0, every
 * group and topic costs its own admin calls.
 */
export async function readListing(link: AdminLink, opts: ReadOptions, batches: ClusterBatches | null = null): Promise<Listing> {
  const problems: string[] = [];

  const [{ topics: meta }, usable] = await Promise.all([link.run((a) => a.fetchTopicMetadata()), batches ? batches.usable() : false]);
  const batched = usable ? batches : null;
  const existing = new Map(meta.map((t) => [t.name, t]));
  link.forgetDeletedTopics(new Set(existing.keys()));
  const visible = meta.filter((t) => !isInternalTopic(t.name)).sort((a, b) => a.name.localeCompare(b.name));
  if (visible.length > opts.maxTopics) {
    problems.push(`topic list truncated: ${opts.maxTopics} of ${visible.length} topics read this tick`);
  }
  const read = visible.slice(0, opts.maxTopics);

  // Topic offsets and groups do not depend on each other: both at once.
  const [offsets, { ids, listedType, reads }] = await Promise.all([
    readOffsets(link, batched, read.map(leadersOf), opts, problems),
    listGroupIds(link, opts, problems).then(async ({ ids, listedType }) => ({
      ids,
      listedType,
      reads: batched ? await batched.readGroups(ids, opts.concurrency) : await readGroupsOneByOne(link, ids, opts),
    })),
  ]);
  const topics = read.filter((t) => offsets.has(t.name)).map((t) => topicRow(t.name, t.partitions.length, offsets.get(t.name)!, t.partitions));

  // Groups may commit to topics beyond the ones read above (truncated list): fetch those too.
  const committedTopics = new Set<string>();
  for (const c of reads.committed.values()) if (!(c instanceof Error)) for (const t of c) committedTopics.add(t.topic);
  // Offsets committed to a deleted topic may outlive it for a while: those have no end offsets.
  const missing = [...committedTopics].filter((t) => !offsets.has(t) && existing.has(t)).map((t) => leadersOf(existing.get(t)!));
  for (const [t, parts] of await readOffsets(link, batched, missing, opts, problems)) offsets.set(t, parts);
  const highs = highWatermarksOf(offsets);
  const byPartition = new Map<string, Map<number, PartitionOffsets>>();
  for (const [t, parts] of offsets) byPartition.set(t, new Map(parts.map((p) => [p.partition, p])));
  const committedByGroup = new Map<string, CommittedPartition[]>();

  const groups: Listing["groups"] = ids.map((groupId) => {
    const d = reads.described.get(groupId) ?? new Error("group not described");
    const listed = listedType.get(groupId) ?? "";
    const newProtocol = !(d instanceof Error) && isNewProtocolGroup(listed, d);
    const desc = d instanceof Error || newProtocol ? undefined : d;
    const type = desc?.protocolType || listed;
    const c = reads.committed.get(groupId) ?? new Error("offsets not read");
    const committed: readonly CommittedTopic[] = c instanceof Error ? [] : c;
    committedByGroup.set(groupId, committedPartitions(committed, byPartition));
    const assigned = assignedPartitions(type, desc?.members.map((m) => m.memberAssignment) ?? []);
    const { lag, topics: groupTopics, partitionsWithoutOffset, lagByTopic } = groupLag(withAssigned(committed, assigned), highs);
    const errors = [
      d instanceof Error ? `describe: ${opts.text(d)}` : "",
      c instanceof Error ? `offsets: ${opts.text(c)}` : "",
    ].filter(Boolean);
    if (errors.length) problems.push(`group ${groupId}: ${errors.join("; ")}`);
    return {
      id: groupId,
      groupId,
      state: desc?.state ?? "Unknown",
      protocolType: type,
      members: desc ? desc.members.length : null,
      lag,
      topics: groupTopics,
      partitionsWithoutOffset,
      lagByTopic,
      ...(errors.length ? { error: errors.join("; ") } : {}),
      ...(newProtocol ? { note: NEW_PROTOCOL_NOTE } : {}),
    };
  });

  return { topics, groups, committed: committedByGroup, ends: offsets, problems };
}
