import "server-only";
import type { Broker, Cluster, Kafka } from "kafkajs";
import { DomainError } from "@/server/errors";

// Why this module reaches into kafkajs: its public API reads records only through a consumer
// in a consumer group, and commits offsets only as a group member (admin.setOffsets even joins
// the group for a moment). QueueDeck must never join a group of the user's, and lag in seconds
// needs ONE record at an exact offset. kafkajs builds every client on a `Cluster` whose brokers
// expose `fetch` and `offsetCommit` (typed in kafkajs's index.d.ts); the Kafka instance keeps
// the factory behind a private symbol. We take that factory, so the cluster gets exactly the
// instance's brokers, TLS, SASL, timeouts and retries, and use two requests from it:
//  - Fetch at an exact offset from the partition leader (no group, no commit);
//  - OffsetCommit with generation -1 and no member id: the "simple" commit Kafka's own
//    AdminClient.alterConsumerGroupOffsets (kafka-consumer-groups.sh --reset-offsets) sends,
//    which the coordinator accepts only while the group has no members.
// Both checked against Apache Kafka 4.1 in tests/integration/kafka-groups.test.ts.

type ClusterFactory = (options: { allowAutoTopicCreation: boolean; isolationLevel?: number; metadataMaxAge?: number }) => Cluster;

/** Read uncommitted: the age of a record does not depend on its transaction's outcome. */
const READ_UNCOMMITTED = 0;
/** kafkajs keeps every topic it was asked about in later metadata requests: start over past this. */
const MAX_TARGET_TOPICS = 500;

function clusterFactory(kafka: Kafka): ClusterFactory {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === "private:Kafka:createCluster");
  const factory = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof factory !== "function") {
    throw new DomainError("unsupported", "this kafkajs version does not expose its cluster factory (expected kafkajs 2.2.x)");
  }
  return factory as ClusterFactory;
}

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

interface FetchedRecord {
  offset: string;
  timestamp: string;
  isControlRecord?: boolean;
}
interface FetchResponse {
  responses: { topicName: string; partitions: { partition: number; messages: FetchedRecord[] }[] }[];
}

/** A lazily connected kafkajs Cluster for group-free fetches and simple offset commits. */
export class RawCluster {
  private cluster: Cluster | null = null;
  private connecting: Promise<Cluster> | null = null;
  private readonly topics = new Set<string>();
  private readonly factory: ClusterFactory;

  constructor(kafka: Kafka) {
    this.factory = clusterFactory(kafka);
  }

  private get(): Promise<Cluster> {
    if (this.cluster) return Promise.resolve(this.cluster);
    if (!this.connecting) {
      const cluster = this.factory({ allowAutoTopicCreation: false, isolationLevel: READ_UNCOMMITTED });
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

  /** Runs one call; any failure drops the cluster so the next call starts with fresh metadata. */
  private async run<T>(call: (c: Cluster) => Promise<T>): Promise<T> {
    const cluster = await this.get();
    try {
      return await call(cluster);
    } catch (err) {
      if (this.cluster === cluster) this.reset();
      throw err;
    }
  }

  private async target(cluster: Cluster, topics: readonly string[]): Promise<void> {
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
        const broker: Broker = await cluster.findBroker({ nodeId });
        const topics = [...new Set(reqs.map((r) => r.topic))].map((topic) => ({
          topic,
          partitions: reqs.filter((r) => r.topic === topic).map((r) => ({
            partition: r.partition,
            fetchOffset: String(r.offset),
            maxBytes: limits.maxBytesPerPartition,
          })),
        }));
        const answer = (await broker.fetch({
          isolationLevel: READ_UNCOMMITTED, maxWaitTime: 0, minBytes: 1, maxBytes: limits.maxBytes, topics,
        })) as FetchResponse;
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
