import "server-only";
import { ConfigResourceTypes, type ConfigEntries, type PartitionMetadata } from "kafkajs";
import type { TopicConfigDto, TopicDetailDto } from "@/lib/kafka";
import type { AdminLink } from "./client";
import { partitionOffsets, type PartitionOffsets } from "./map";
import { DomainError } from "@/server/errors";
import { kafkaErrorType } from "./client";

// The topic page: partitions with leaders, replicas, ISR and offsets, and the configs an
// operator looks at first. Admin calls (fetchTopicMetadata, fetchTopicOffsets, describeConfigs)
// are exercised against Kafka 4.1 in tests/integration/kafka-topics.test.ts.

/** The configs that decide retention, durability and size limits, in the order the page shows them. */
export const TOPIC_CONFIGS = [
  "cleanup.policy",
  "retention.ms",
  "retention.bytes",
  "min.insync.replicas",
  "max.message.bytes",
  "segment.ms",
  "segment.bytes",
  "delete.retention.ms",
  "min.compaction.lag.ms",
  "compression.type",
  "message.timestamp.type",
  "unclean.leader.election.enable",
] as const;

export function topicConfigs(entries: readonly ConfigEntries[]): TopicConfigDto[] {
  const byName = new Map(entries.map((e) => [e.configName, e]));
  return TOPIC_CONFIGS.flatMap((name) => {
    const e = byName.get(name);
    if (!e) return [];
    return [{ name, value: e.isSensitive ? null : e.configValue ?? null, isDefault: e.isDefault, readOnly: e.readOnly }];
  });
}

export function topicDetail(
  name: string,
  partitions: readonly PartitionMetadata[],
  offsets: readonly PartitionOffsets[],
  configs: TopicConfigDto[],
): TopicDetailDto {
  const byPartition = new Map(offsets.map((o) => [o.partition, o]));
  const rows = [...partitions]
    .sort((a, b) => a.partitionId - b.partitionId)
    .map((p) => {
      const o = byPartition.get(p.partitionId);
      return {
        partition: p.partitionId,
        leader: p.leader ?? -1,
        replicas: [...p.replicas],
        isr: [...p.isr],
        earliest: o?.low ?? 0,
        latest: o?.high ?? 0,
      };
    });
  return {
    name,
    partitions: rows,
    replicationFactor: Math.max(0, ...rows.map((r) => r.replicas.length)),
    underReplicated: rows.filter((r) => r.isr.length < r.replicas.length).length,
    messages: rows.reduce((n, r) => n + Math.max(0, r.latest - r.earliest), 0),
    configs,
  };
}

/** Throws a not_found problem for an unknown topic. */
export async function readTopicDetail(link: AdminLink, topic: string): Promise<TopicDetailDto> {
  let partitions: PartitionMetadata[];
  try {
    const { topics } = await link.run((a) => a.fetchTopicMetadata({ topics: [topic] }));
    const meta = topics.find((t) => t.name === topic);
    if (!meta) throw new DomainError("not_found", `topic ${topic} does not exist`);
    partitions = meta.partitions;
  } catch (err) {
    if (kafkaErrorType(err) === "UNKNOWN_TOPIC_OR_PARTITION") throw new DomainError("not_found", `topic ${topic} does not exist`);
    throw err;
  }
  const [offsets, described] = await Promise.all([
    link.topicOffsets(topic).then(partitionOffsets),
    link.run((a) =>
      a.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: [...TOPIC_CONFIGS] }],
      }),
    ),
  ]);
  const entries = described.resources.find((r) => r.resourceName === topic)?.configEntries ?? [];
  return topicDetail(topic, partitions, offsets, topicConfigs(entries));
}

/** cleanup.policy of a topic ("delete", "compact" or "compact,delete"). */
export async function cleanupPolicy(link: AdminLink, topic: string): Promise<string> {
  const described = await link.run((a) =>
    a.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ["cleanup.policy"] }] }),
  );
  return described.resources[0]?.configEntries.find((e) => e.configName === "cleanup.policy")?.configValue ?? "delete";
}
