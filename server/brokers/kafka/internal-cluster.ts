import "server-only";
import type { Kafka } from "kafkajs";
import { DomainError } from "@/server/errors";
import type { WireRequest } from "./wire-requests";

// kafkajs's public API can only read records through a consumer group (join, assignment,
// commits). Browsing and replay must never touch a group of the user's, and a throwaway group
// costs a rebalance (seconds) per read. kafkajs's own Cluster (kafkajs/src/cluster) can send a
// Fetch at exact offsets and an OffsetCommit without joining: we create one with the very
// options of the user's Kafka client (brokers, TLS, SASL, retries) through the factory the
// Kafka instance keeps under a private symbol. Checked against kafkajs 2.2.4 (src/index.js);
// tests/integration/kafka-topics.test.ts runs it against Apache Kafka 4.1.
//
// The one module that reaches into kafkajs's internals. Users of it:
//  - fetch-records.ts (browse, replay) and replay-checkpoint.ts: createInternalCluster;
//  - RawCluster below (lag in seconds, offset resets): a lazily connected cluster that
//    peeks ONE record's timestamp at an exact offset (Fetch from the partition leader, no group,
//    no commit) and sends the "simple" OffsetCommit (generation -1, no member id) that Kafka's
//    own AdminClient.alterConsumerGroupOffsets (kafka-consumer-groups.sh --reset-offsets) sends,
//    which the coordinator accepts only while the group has no members; and `send`, which puts a
//    hand-encoded request (wire-requests.ts: batched FindCoordinator, OffsetFetch, DescribeGroups,
//    ListOffsets) on a broker's own connection, the way kafkajs sends its requests.
// Checked against Apache Kafka 4.1 in tests/integration/kafka-groups.test.ts too.

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
  /** ApiVersions answer of this broker: api key -> range (src/broker/index.js apiVersions). */
  versions: Record<number, { minVersion: number; maxVersion: number } | undefined> | null;
  /** Sends any request object on the broker's connection (src/network/connectionPool.js). */
  connectionPool: {
    send(protocolRequest: {
      request: { apiKey: number; apiVersion: number; apiName: string; encode: () => Promise<{ buf: Buffer; buffer: Buffer }> };
      response: { decode: (payload: Buffer) => Promise<unknown>; parse: (data: unknown) => Promise<unknown> };
    }): Promise<unknown>;
  };
}

export interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadata(): Promise<void>;
  /** leader node id -> partitions it leads. */
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  /** ListOffsets per leader: earliest (fromBeginning), latest, or the first offset at/after a timestamp (-1: none). */
  fetchTopicsOffset(
    topics: { topic: string; partitions: { partition: number }[]; fromBeginning?: boolean; fromTimestamp?: number }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
  findBroker(args: { nodeId: string }): Promise<InternalBroker>;
  /** Brokers of the cached metadata. */
  getNodeIds(): (string | number)[];
  findGroupCoordinator(args: { groupId: string }): Promise<InternalBroker>;
}

export const READ_COMMITTED = 1;
/** Read uncommitted: the age of a record does not depend on its transaction's outcome. */
export const READ_UNCOMMITTED = 0;

type ClusterFactory = (options: { allowAutoTopicCreation: boolean; isolationLevel?: number }) => InternalCluster;

/** A kafkajs Cluster with the Kafka client's own connection options; the caller connects and disconnects it. */
export function createInternalCluster(kafka: Kafka, isolationLevel = READ_COMMITTED): InternalCluster {
  const holder = kafka as unknown as Record<symbol, unknown>;
  const key = Object.getOwnPropertySymbols(holder).find((s) => s.description === "private:Kafka:createCluster");
  const factory = key ? holder[key] : undefined;
  if (typeof factory !== "function") {
    throw new DomainError("unsupported", "this kafkajs version does not expose its cluster factory (expected kafkajs 2.2.x)");
  }
  // Never create the topic we read: a typo must be a 404, not a new topic.
  return (factory as ClusterFactory)({ allowAutoTopicCreation: false, isolationLevel });
}

/** kafkajs keeps every topic it was asked about in later metadata requests: start over past this. */
const MAX_TARGET_TOPICS = 500;

export interface PeekRequest {
  topic: string;
  partition: number;
  offset: number;
}

export interface PeekLimits {
  /** Per partition; the broker still returns a whole first batch when it is bigger (KIP-74). */
  maxBytesPerPartition: number;
  /** Per Fetch request (one per leader). */
  maxBytes: number;
  timeoutMs: number;
}

export const peekKey = (topic: string, partition: number, offset: number) => `${topic}\u0000${partition}\u0000${offset}`;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DomainError("unavailable", `${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A lazily connected kafkajs Cluster for group-free fetches and simple offset commits. */
export class RawCluster {
  private cluster: InternalCluster | null = null;
  private connecting: Promise<InternalCluster> | null = null;
  private readonly topics = new Set<string>();

  constructor(private readonly kafka: Kafka) {
    createInternalCluster(kafka, READ_UNCOMMITTED); // fails now, not on first use, with an unsupported kafkajs
  }

  private get(): Promise<InternalCluster> {
    if (this.cluster) return Promise.resolve(this.cluster);
    if (!this.connecting) {
      const cluster = createInternalCluster(this.kafka, READ_UNCOMMITTED);
      this.connecting = cluster
        .connect()
        .then(() => (this.cluster = cluster))
        .catch(async (err: unknown) => {
          await cluster.disconnect().catch(() => undefined);
          throw err;
        })
        .finally(() => (this.connecting = null));
    }
    return this.connecting;
  }

  /** Runs one call; a failure (but a version the broker lacks) drops the cluster so the next call starts with fresh metadata. */
  private async run<T>(call: (c: InternalCluster) => Promise<T>): Promise<T> {
    const cluster = await this.get();
    try {
      return await call(cluster);
    } catch (err) {
      const unsupported = err instanceof DomainError && err.code === "unsupported";
      if (this.cluster === cluster && !unsupported) this.reset();
      throw err;
    }
  }

  /** A broker of the cluster for requests any broker answers (FindCoordinator). */
  private async anyBroker(cluster: InternalCluster): Promise<{ nodeId: number; broker: InternalBroker }> {
    // A fresh cluster knows only its seed broker until it reads the metadata once.
    if (cluster.getNodeIds().length === 0) await cluster.refreshMetadata();
    let last: unknown = new DomainError("unavailable", "no broker in the cluster metadata");
    for (const id of cluster.getNodeIds()) {
      try {
        return { nodeId: Number(id), broker: await cluster.findBroker({ nodeId: String(id) }) };
      } catch (err) {
        last = err;
      }
    }
    throw last;
  }

  /** Whether a broker of the cluster speaks every one of these request versions (no request sent). */
  async speaks(wanted: readonly { apiKey: number; apiVersion: number }[]): Promise<boolean> {
    return this.run(async (cluster) => {
      const { broker } = await this.anyBroker(cluster);
      return wanted.every(({ apiKey, apiVersion }) => {
        const range = broker.versions?.[apiKey];
        return range !== undefined && range.minVersion <= apiVersion && range.maxVersion >= apiVersion;
      });
    });
  }

  /**
   * Sends a hand-encoded request to broker `nodeId` (null: any broker). Throws an "unsupported"
   * DomainError, before sending, when that broker does not speak the request's version.
   */
  async send<T>(nodeId: number | null, req: WireRequest<T>): Promise<T> {
    return this.run(async (cluster) => {
      if (cluster.getNodeIds().length === 0) await cluster.refreshMetadata();
      const broker = nodeId === null ? (await this.anyBroker(cluster)).broker : await cluster.findBroker({ nodeId: String(nodeId) });
      const range = broker.versions?.[req.apiKey];
      if (!range || range.minVersion > req.apiVersion || range.maxVersion < req.apiVersion) {
        throw new DomainError("unsupported", `the broker does not support ${req.apiName} v${req.apiVersion}`);
      }
      const body = req.body;
      const answer = await broker.connectionPool.send({
        // kafkajs writes the request header (v1 layout; the flexible v2 header's tagged fields open `body`).
        request: { apiKey: req.apiKey, apiVersion: req.apiVersion, apiName: req.apiName, encode: async () => ({ buf: body, buffer: body }) },
        response: { decode: async (payload) => req.decode(payload), parse: async (data) => data },
      });
      return answer as T;
    });
  }

  private async target(cluster: InternalCluster, topics: readonly string[]): Promise<void> {
    const fresh = topics.filter((t) => !this.topics.has(t));
    if (fresh.length === 0) return;
    if (this.topics.size + fresh.length > MAX_TARGET_TOPICS) throw new DomainError("unavailable", "too many topics remembered: reconnecting");
    await cluster.addMultipleTargetTopics(fresh);
    for (const t of fresh) this.topics.add(t);
  }

  /**
   * The timestamp (ms) of the first record at or after each requested offset, one Fetch per
   * partition leader, all leaders at once. Missing from the answer: nothing readable there.
   */
  async peek(requests: readonly PeekRequest[], limits: PeekLimits): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (requests.length === 0) return out;
    const work = this.run(async (cluster) => {
      await this.target(cluster, [...new Set(requests.map((r) => r.topic))]);
      const byLeader = new Map<string, PeekRequest[]>();
      for (const r of requests) {
        const leaders = cluster.findLeaderForPartitions(r.topic, [r.partition]);
        const leader = Object.keys(leaders)[0];
        if (leader === undefined) continue; // partition gone since the offsets were read
        byLeader.set(leader, [...(byLeader.get(leader) ?? []), r]);
      }
      await Promise.all([...byLeader].map(async ([nodeId, reqs]) => {
        const broker = await cluster.findBroker({ nodeId });
        const topics = [...new Set(reqs.map((r) => r.topic))].map((topic) => ({
          topic,
          partitions: reqs.filter((r) => r.topic === topic).map((r) => ({
            partition: r.partition,
            fetchOffset: String(r.offset),
            maxBytes: limits.maxBytesPerPartition,
          })),
        }));
        const answer = await broker.fetch({
          isolationLevel: READ_UNCOMMITTED, maxWaitTime: 0, minBytes: 1, maxBytes: limits.maxBytes, topics,
        });
        for (const t of answer.responses) {
          for (const p of t.partitions) {
            const asked = reqs.find((r) => r.topic === t.topicName && r.partition === p.partition);
            if (!asked) continue;
            // A fetch returns whole batches: skip records before the asked offset and markers.
            const first = p.messages.find((m) => !m.isControlRecord && Number(m.offset) >= asked.offset);
            if (first) out.set(peekKey(asked.topic, asked.partition, asked.offset), Number(first.timestamp));
          }
        }
      }));
    });
    await withTimeout(work, limits.timeoutMs, "reading record timestamps");
    return out;
  }

  /** Commits offsets as the group's coordinator accepts them from a non-member (group must be empty). */
  async commit(groupId: string, offsets: readonly { topic: string; partition: number; offset: number }[]): Promise<void> {
    if (offsets.length === 0) return;
    await this.run(async (cluster) => {
      const coordinator = await cluster.findGroupCoordinator({ groupId });
      const topics = [...new Set(offsets.map((o) => o.topic))].map((topic) => ({
        topic,
        partitions: offsets.filter((o) => o.topic === topic).map((o) => ({ partition: o.partition, offset: String(o.offset) })),
      }));
      await coordinator.offsetCommit({ groupId, groupGenerationId: -1, memberId: "", topics });
    });
  }

  reset(): void {
    const cluster = this.cluster;
    this.cluster = null;
    this.topics.clear();
    void cluster?.disconnect().catch(() => undefined);
  }

  async close(): Promise<void> {
    const pending = this.connecting;
    const cluster = this.cluster;
    this.cluster = null;
    this.topics.clear();
    await cluster?.disconnect().catch(() => undefined);
    if (pending) await pending.then((c) => c.disconnect()).catch(() => undefined);
  }
}
