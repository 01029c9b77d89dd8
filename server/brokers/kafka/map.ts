import "server-only";
import { AssignerProtocol } from "kafkajs";
import type { KafkaGroupDto, KafkaTopicDto } from "@/lib/kafka";
import { seriesKey } from "@/lib/series-key";
import type { MetricPoint } from "../adapter";

// Pure mapping from kafkajs admin answers to what the dashboard lists and charts.
// Offsets arrive as decimal strings (int64); Number is exact up to 2^53, which no real
// partition reaches, and keeps the JSON the API serves plain.

export interface PartitionOffsets {
  partition: number;
  /** Log start offset: the oldest message still retained. */
  low: number;
  /** Log end offset (high watermark): the next offset to be written. */
  high: number;
}

export const NEW_PROTOCOL_NOTE =
  "uses the new consumer group protocol (KIP-848): its state and members are only served by " +
  "ConsumerGroupDescribe, which kafkajs 2.2.4 does not implement; lag is exact";

/**
 * Classic DescribeGroups answers "Dead" with no protocol type for a group that ListGroups
 * has just listed as a consumer group when that group runs the new protocol (Kafka 4.x
 * only describes those through ConsumerGroupDescribe). Seen on Apache Kafka 4.1.0 with a
 * Java consumer using group.protocol=consumer. A classic group that really died between
 * the two calls looks the same for one tick.
 */
export function isNewProtocolGroup(listedType: string, described: { state: string; protocolType: string }): boolean {
  return listedType === "consumer" && described.state === "Dead" && described.protocolType === "";
}

export interface CommittedTopic {
  topic: string;
  /** Offsets as kafkajs gives them (decimal strings) or as the batched reads decode them. */
  partitions: ReadonlyArray<{ partition: number; offset: string | number }>;
}

/** topic -> partition -> high watermark */
export type HighWatermarks = ReadonlyMap<string, ReadonlyMap<number, number>>;

/** Kafka's own bookkeeping topics (__consumer_offsets, __transaction_state, ...). */
export function isInternalTopic(name: string): boolean {
  return name.startsWith("__");
}

export function toOffset(value: string | number): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : -1;
}

export function partitionOffsets(raw: ReadonlyArray<{ partition: number; low: string; high: string }>): PartitionOffsets[] {
  return raw.map((p) => ({ partition: p.partition, low: toOffset(p.low), high: toOffset(p.high) }));
}

/** Replicas and in-sync replicas of one partition, as the metadata gives them. */
export interface ReplicaState {
  replicas: readonly number[];
  isr: readonly number[];
}

export function topicRow(name: string, partitions: number, offsets: readonly PartitionOffsets[], replicas: readonly ReplicaState[] = []): KafkaTopicDto {
  const messages = offsets.reduce((sum, p) => sum + Math.max(0, p.high - p.low), 0);
  return {
    id: name,
    name,
    partitions,
    messages,
    replicationFactor: Math.max(0, ...replicas.map((r) => r.replicas.length)),
    underReplicated: replicas.filter((r) => r.isr.length < r.replicas.length).length,
  };
}

export function highWatermarksOf(offsetsByTopic: ReadonlyMap<string, readonly PartitionOffsets[]>): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const [topic, parts] of offsetsByTopic) out.set(topic, new Map(parts.map((p) => [p.partition, p.high])));
  return out;
}

/**
 * Lag as `kafka-consumer-groups.sh --describe` computes it: log end offset minus the
 * committed offset, per partition with a commit. A partition without a commit (-1) has
 * no defined lag (where the consumer starts depends on its auto.offset.reset), so it is
 * counted apart instead of guessed.
 */
export function groupLag(
  committed: readonly CommittedTopic[],
  highs: HighWatermarks,
): { lag: number; topics: string[]; partitionsWithoutOffset: number; lagByTopic: Record<string, number> } {
  let lag = 0;
  let partitionsWithoutOffset = 0;
  const topics = new Set<string>();
  const lagByTopic: Record<string, number> = {};
  for (const t of committed) {
    const topicHighs = highs.get(t.topic);
    if (t.partitions.length > 0) {
      topics.add(t.topic);
      lagByTopic[t.topic] ??= 0;
    }
    for (const p of t.partitions) {
      const offset = toOffset(p.offset);
      if (offset < 0) {
        partitionsWithoutOffset++;
        continue;
      }
      const high = topicHighs?.get(p.partition);
      // Topic deleted since the commit: nothing left to consume, no lag.
      if (high === undefined) continue;
      const behind = Math.max(0, high - offset);
      lag += behind;
      lagByTopic[t.topic]! += behind;
    }
  }
  return { lag, topics: [...topics].sort(), partitionsWithoutOffset, lagByTopic };
}

/**
 * Topic/partitions in members' assignments. Consumers (kafkajs, Java, librdkafka) share the
 * "consumer" protocol's assignment format; other protocol types (connect...) do not, and
 * a blob that does not decode is skipped.
 */
export function assignedPartitions(protocolType: string, assignments: readonly Buffer[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (protocolType !== "consumer") return out;
  for (const blob of assignments) {
    if (!blob || blob.length === 0) continue;
    try {
      const decoded = AssignerProtocol.MemberAssignment.decode(blob);
      for (const [topic, parts] of Object.entries(decoded?.assignment ?? {})) {
        out.set(topic, [...(out.get(topic) ?? []), ...parts]);
      }
    } catch {
      // Not the standard consumer assignment format: nothing to learn from it.
    }
  }
  return out;
}

/** Adds assigned partitions the group never committed as "-1" entries, so they are counted. */
export function withAssigned(committed: readonly CommittedTopic[], assigned: ReadonlyMap<string, number[]>): readonly CommittedTopic[] {
  if (assigned.size === 0) return committed;
  const out = committed.map((t) => ({ topic: t.topic, partitions: [...t.partitions] }));
  for (const [topic, parts] of assigned) {
    let entry = out.find((t) => t.topic === topic);
    if (!entry) {
      entry = { topic, partitions: [] };
      out.push(entry);
    }
    for (const partition of parts) {
      if (!entry.partitions.some((p) => p.partition === partition)) entry.partitions.push({ partition, offset: "-1" });
    }
  }
  return out;
}

export function kafkaStats(topics: readonly KafkaTopicDto[], groups: readonly KafkaGroupDto[]): Record<string, number> {
  return {
    topics: topics.length,
    partitions: topics.reduce((n, t) => n + t.partitions, 0),
    groups: groups.length,
    totalLag: groups.reduce((n, g) => n + g.lag, 0),
  };
}

export function kafkaMetrics(topics: readonly KafkaTopicDto[], groups: readonly KafkaGroupDto[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const t of topics) {
    points.push({ entity: seriesKey.topic(t.id), metric: "messages", value: t.messages });
    if (t.produceRate != null) points.push({ entity: seriesKey.topic(t.id), metric: "produceRate", value: t.produceRate });
  }
  for (const g of groups) {
    points.push({ entity: seriesKey.group(g.id), metric: "lag", value: g.lag });
    // Unknown is no point (a gap in the chart), never a made-up 0.
    if (g.lagSeconds !== null) points.push({ entity: seriesKey.group(g.id), metric: "lagSeconds", value: g.lagSeconds });
    if (g.consumeRate !== null) points.push({ entity: seriesKey.group(g.id), metric: "consumeRate", value: g.consumeRate });
  }
  // Source-wide totals, like the other kinds' source entity.
  points.push(
    { entity: seriesKey.source(), metric: "messages", value: topics.reduce((n, t) => n + t.messages, 0) },
    { entity: seriesKey.source(), metric: "lag", value: groups.reduce((n, g) => n + g.lag, 0) },
  );
  return points;
}
