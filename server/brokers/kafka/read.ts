import "server-only";
import type { GroupDescription } from "kafkajs";
import type { KafkaGroupDto, KafkaTopicDto } from "@/lib/kafka";
import type { AdminLink } from "./client";
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
// fetchTopicMetadata, fetchTopicOffsets, listGroups, describeGroups, fetchOffsets.

export interface ReadOptions {
  /** Topics read per tick: every topic costs one ListOffsets round trip. */
  maxTopics: number;
  /** Groups read per tick: every group costs one OffsetFetch round trip. */
  maxGroups: number;
  /** Admin calls in flight at once. */
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
  groups: Omit<KafkaGroupDto, "lagSeconds" | "consumeRate" | "timeToDrainSeconds">[];
  /** Per group id, its committed partitions (same order as `groups`). */
  committed: Map<string, CommittedPartition[]>;
  /** End offsets per topic read this tick (the topic list and the groups' other topics). */
  ends: Map<string, PartitionOffsets[]>;
  /** Partial failures worth showing as `degraded`, already redacted. */
  problems: string[];
}

async function readOffsets(
  link: AdminLink,
  names: readonly string[],
  opts: ReadOptions,
  problems: string[],
): Promise<Map<string, PartitionOffsets[]>> {
  const settled = await settleAll(names, opts.concurrency, (name) =>
    link.topicOffsets(name).then(partitionOffsets),
  );
  const out = new Map<string, PartitionOffsets[]>();
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

export async function readListing(link: AdminLink, opts: ReadOptions): Promise<Listing> {
  const problems: string[] = [];

  const { topics: meta } = await link.run((a) => a.fetchTopicMetadata());
  const existing = new Set(meta.map((t) => t.name));
  link.forgetDeletedTopics(existing);
  const visible = meta.filter((t) => !isInternalTopic(t.name)).sort((a, b) => a.name.localeCompare(b.name));
  if (visible.length > opts.maxTopics) {
    problems.push(`topic list truncated: ${opts.maxTopics} of ${visible.length} topics read this tick`);
  }
  const read = visible.slice(0, opts.maxTopics);
  const offsets = await readOffsets(link, read.map((t) => t.name), opts, problems);
  const topics = read.filter((t) => offsets.has(t.name)).map((t) => topicRow(t.name, t.partitions.length, offsets.get(t.name)!, t.partitions));

  const { groups: overview } = await link.run((a) => a.listGroups());
  const listedType = new Map(overview.map((g) => [g.groupId, g.protocolType]));
  const allIds = [...listedType.keys()].sort();
  if (allIds.length > opts.maxGroups) {
    problems.push(`group list truncated: ${opts.maxGroups} of ${allIds.length} groups read this tick`);
  }
  const ids = allIds.slice(0, opts.maxGroups);
  const [described, committedSettled] = await Promise.all([
    describeAll(link, ids, opts),
    settleAll(ids, opts.concurrency, (groupId) => link.run((a) => a.fetchOffsets({ groupId }))),
  ]);

  // Groups may commit to topics beyond the ones read above (truncated list): fetch those too.
  const committedTopics = new Set<string>();
  for (const r of committedSettled) if (r.status === "fulfilled") for (const t of r.value) committedTopics.add(t.topic);
  // Offsets committed to a deleted topic may outlive it for a while: those have no end offsets.
  const missing = [...committedTopics].filter((t) => !offsets.has(t) && existing.has(t));
  for (const [t, parts] of await readOffsets(link, missing, opts, problems)) offsets.set(t, parts);
  const highs = highWatermarksOf(offsets);
  const byPartition = new Map<string, Map<number, PartitionOffsets>>();
  for (const [t, parts] of offsets) byPartition.set(t, new Map(parts.map((p) => [p.partition, p])));
  const committedByGroup = new Map<string, CommittedPartition[]>();

  const groups: Listing["groups"] = ids.map((groupId, i) => {
    const d = described.get(groupId);
    const listed = listedType.get(groupId) ?? "";
    const newProtocol = !(d instanceof Error) && d !== undefined && isNewProtocolGroup(listed, d);
    const desc = d instanceof Error || newProtocol ? undefined : d;
    const type = desc?.protocolType || listed;
    const c = committedSettled[i]!;
    const committed: CommittedTopic[] = c.status === "fulfilled" ? c.value : [];
    committedByGroup.set(groupId, committed.flatMap((t) => t.partitions.flatMap((p) => {
      const offset = toOffset(p.offset);
      if (offset < 0) return [];
      const known = byPartition.get(t.topic)?.get(p.partition);
      return [{ topic: t.topic, partition: p.partition, committed: offset, end: known?.high ?? null, low: known?.low ?? null }];
    })));
    const assigned = assignedPartitions(type, desc?.members.map((m) => m.memberAssignment) ?? []);
    const { lag, topics: groupTopics, partitionsWithoutOffset } = groupLag(withAssigned(committed, assigned), highs);
    const errors = [
      d instanceof Error ? `describe: ${d.message}` : "",
      c.status === "rejected" ? `offsets: ${opts.text(c.reason)}` : "",
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
      ...(errors.length ? { error: errors.join("; ") } : {}),
      ...(newProtocol ? { note: NEW_PROTOCOL_NOTE } : {}),
    };
  });

  return { topics, groups, committed: committedByGroup, ends: offsets, problems };
}
