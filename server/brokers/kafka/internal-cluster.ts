import "server-only";
import type { Kafka } from "kafkajs";
import { DomainError } from "@/server/errors";

// kafkajs's public API can only read records through a consumer group (join, assignment,
// commits). Browsing and replay must never touch a group of the user's, and a throwaway group
// costs a rebalance (seconds) per read. kafkajs's own Cluster (kafkajs/src/cluster) can send a
// Fetch at exact offsets and an OffsetCommit without joining: we create one with the very
// options of the user's Kafka client (brokers, TLS, SASL, retries) through the factory the
// Kafka instance keeps under a private symbol. Checked against kafkajs 2.2.4 (src/index.js);
// tests/integration/kafka-topics.test.ts runs it against Apache Kafka 4.1.

/** Fetch response partition as kafkajs decodes it (src/protocol/requests/fetch/v11/response.js). */
export interface FetchedPartition {
  partition: number;
  errorCode: number;
  highWatermark: string;
  lastStableOffset: string;
  abortedTransactions: { producerId: string; firstOffset: string }[];
  messages: RawRecord[];
}

/** A record as kafkajs decodes it (src/protocol/recordBatch/record/v0/decoder.js). */
export interface RawRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[] | undefined>;
  isControlRecord: boolean;
  batchContext?: { firstOffset: string; lastOffsetDelta: number };
}

export interface InternalBroker {
  fetch(request: {
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: { topicName: string; partitions: FetchedPartition[] }[] }>;
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; errorCode: number }[] }[] }>;
  offsetFetch(request: {
    groupId: string;
    topics: { topic: string; partitions: { partition: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; offset: string; errorCode: number }[] }[] }>;
}

export interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  /** leader node id -> partitions it leads. */
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  /** ListOffsets per leader: earliest (fromBeginning), latest, or the first offset at/after a timestamp (-1: none). */
  fetchTopicsOffset(
    topics: { topic: string; partitions: { partition: number }[]; fromBeginning?: boolean; fromTimestamp?: number }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
  findBroker(args: { nodeId: string }): Promise<InternalBroker>;
  findGroupCoordinator(args: { groupId: string }): Promise<InternalBroker>;
}

export const READ_COMMITTED = 1;

type ClusterFactory = (options: { allowAutoTopicCreation: boolean; isolationLevel?: number }) => InternalCluster;

/** A kafkajs Cluster with the Kafka client's own connection options; the caller connects and disconnects it. */
export function createInternalCluster(kafka: Kafka): InternalCluster {
  const holder = kafka as unknown as Record<symbol, unknown>;
  const key = Object.getOwnPropertySymbols(holder).find((s) => s.description === "private:Kafka:createCluster");
  const factory = key ? holder[key] : undefined;
  if (typeof factory !== "function") {
    throw new DomainError("unsupported", "this kafkajs version does not expose its cluster factory (expected kafkajs 2.2.x)");
  }
  // Never create the topic we read: a typo must be a 404, not a new topic.
  return (factory as ClusterFactory)({ allowAutoTopicCreation: false, isolationLevel: READ_COMMITTED });
}
