import "server-only";
import type { Kafka } from "kafkajs";
import { createInternalCluster, READ_COMMITTED, type FetchedPartition, type InternalCluster, type RawRecord } from "./internal-cluster";
import { DomainError } from "@/server/errors";
import { kafkaErrorType } from "./client";

// One bounded Fetch of one partition at an exact offset, without any consumer group: the
// message browser and replay read through this so that they never join, commit for or
// rebalance a group of the user's (see internal-cluster.ts for why kafkajs's internals).

export interface KafkaRecord {
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  /** In record order; a name may repeat. */
  headers: [string, Buffer][];
  /** Key + value + header bytes: what the byte budgets count. */
  bytes: number;
}

export interface PartitionFetch {
  /** Visible records at or after the requested offset: no control records, nothing from aborted transactions. */
  records: KafkaRecord[];
  /** Offset to fetch next: past every record batch this fetch returned, visible or not. */
  next: number;
  highWatermark: number;
  /** Read-committed readers see nothing at or past this offset (open transactions). */
  lastStable: number;
}

export interface FetchBounds {
  /** Broker-side cap of the response (KIP-74: the first batch comes back whole even when bigger). */
  maxBytes: number;
  /** How long the broker may wait for data when there is none. */
  maxWaitMs: number;
}

const ABORT_MARKER_KEY = Buffer.from([0, 0, 0, 0]);
const LEADER_MOVED = new Set(["NOT_LEADER_FOR_PARTITION", "NOT_LEADER_OR_FOLLOWER", "LEADER_NOT_AVAILABLE", "UNKNOWN_LEADER_EPOCH", "FENCED_LEADER_EPOCH"]);

type BatchInfo = { firstOffset: string; lastOffsetDelta: number; producerId?: string; inTransaction?: boolean };
const batchOf = (r: RawRecord) => r.batchContext as BatchInfo | undefined;

/**
 * The records a read-committed consumer would see: at or after `from`, no control records,
 * none of an aborted transaction (the same rule as kafkajs's consumer, which we cannot reuse).
 */
export function visibleRecords(raw: readonly RawRecord[], from: number, aborted: FetchedPartition["abortedTransactions"]): RawRecord[] {
  const pending = [...aborted].sort((a, b) => Number(a.firstOffset) - Number(b.firstOffset));
  const abortedProducers = new Set<string>();
  const out: RawRecord[] = [];
  for (const r of raw) {
    const offset = Number(r.offset);
    while (pending.length && offset >= Number(pending[0]!.firstOffset)) abortedProducers.add(pending.shift()!.producerId);
    const batch = batchOf(r);
    if (r.isControlRecord) {
      if (r.key && Buffer.from(r.key).equals(ABORT_MARKER_KEY) && batch?.producerId) abortedProducers.delete(batch.producerId);
      continue;
    }
    if (batch?.inTransaction && batch.producerId && abortedProducers.has(batch.producerId)) continue;
    if (offset >= from) out.push(r);
  }
  return out;
}

/** Past the last record batch returned: compaction and transaction markers leave offset gaps to skip. */
export function nextOffsetAfter(raw: readonly RawRecord[], from: number): number {
  let next = from;
  for (const r of raw) {
    const batch = batchOf(r);
    const end = batch ? Number(batch.firstOffset) + batch.lastOffsetDelta + 1 : Number(r.offset) + 1;
    if (end > next) next = end;
  }
  return next;
}

export function headerList(headers: RawRecord["headers"]): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push([name, Buffer.isBuffer(v) ? v : Buffer.from(String(v))]);
  }
  return out;
}

function toRecord(partition: number, r: RawRecord): KafkaRecord {
  const headers = headerList(r.headers);
  const bytes = (r.key?.length ?? 0) + (r.value?.length ?? 0) + headers.reduce((n, [k, v]) => n + k.length + v.length, 0);
  return { partition, offset: Number(r.offset), timestamp: Number(r.timestamp), key: r.key, value: r.value, headers, bytes };
}

/** Reads one topic's partitions at exact offsets. One per browse or replay; close() when done. */
export class RecordFetcher {
  private readonly cluster: InternalCluster;
  private ready: Promise<void> | null = null;

  constructor(
    kafka: Kafka,
    readonly topic: string,
  ) {
    this.cluster = createInternalCluster(kafka);
  }

  private connect(): Promise<void> {
    this.ready ??= (async () => {
      await this.cluster.connect();
      try {
        await this.cluster.addTargetTopic(this.topic);
      } catch (err) {
        if (kafkaErrorType(err) === "UNKNOWN_TOPIC_OR_PARTITION") throw new DomainError("not_found", `topic ${this.topic} does not exist`);
        throw err;
      }
    })();
    return this.ready;
  }

  /** The topic's partition ids, sorted. */
  async partitions(): Promise<number[]> {
    await this.connect();
    return this.cluster
      .findTopicPartitionMetadata(this.topic)
      .map((p) => p.partitionId)
      .sort((a, b) => a - b);
  }

  /**
   * Offsets per partition: the earliest retained, the latest (read-committed end), or the first
   * at or after a timestamp (the latest when no record is that recent).
   */
  async offsets(partitions: readonly number[], at: "earliest" | "latest" | { timestamp: number }): Promise<Map<number, number>> {
    await this.connect();
    const ask = (spec: { fromBeginning?: boolean; fromTimestamp?: number }) =>
      this.cluster.fetchTopicsOffset([{ topic: this.topic, partitions: partitions.map((partition) => ({ partition })), ...spec }]);
    const toMap = (answer: Awaited<ReturnType<typeof ask>>) =>
      new Map((answer[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    if (at === "earliest") return toMap(await ask({ fromBeginning: true }));
    const latest = toMap(await ask({ fromBeginning: false }));
    if (at === "latest") return latest;
    const byTime = toMap(await ask({ fromTimestamp: at.timestamp }));
    return new Map(partitions.map((p) => [p, (byTime.get(p) ?? -1) >= 0 ? byTime.get(p)! : latest.get(p) ?? 0]));
  }

  async fetch(partition: number, offset: number, bounds: FetchBounds): Promise<PartitionFetch> {
    await this.connect();
    try {
      return await this.fetchOnce(partition, offset, bounds);
    } catch (err) {
      if (!LEADER_MOVED.has(kafkaErrorType(err) ?? "")) throw err;
      // A leader moved since our metadata: refresh once and ask the new leader.
      await this.cluster.refreshMetadata();
      return this.fetchOnce(partition, offset, bounds);
    }
  }

  private async fetchOnce(partition: number, offset: number, bounds: FetchBounds): Promise<PartitionFetch> {
    const leaders = this.cluster.findLeaderForPartitions(this.topic, [partition]);
    const nodeId = Object.keys(leaders)[0];
    if (nodeId === undefined) throw new DomainError("invalid", `topic ${this.topic} has no partition ${partition}`);
    const broker = await this.cluster.findBroker({ nodeId });
    const maxBytes = Math.max(1024, Math.floor(bounds.maxBytes));
    const response = await broker.fetch({
      isolationLevel: READ_COMMITTED,
      maxWaitTime: Math.max(0, Math.floor(bounds.maxWaitMs)),
      minBytes: 1,
      maxBytes,
      topics: [{ topic: this.topic, partitions: [{ partition, fetchOffset: String(offset), maxBytes }] }],
    });
    const data = response.responses.find((t) => t.topicName === this.topic)?.partitions.find((p) => p.partition === partition);
    if (!data) throw new DomainError("unavailable", `the broker answered no data for ${this.topic}/${partition}`);
    const visible = visibleRecords(data.messages, offset, data.abortedTransactions ?? []);
    return {
      records: visible.map((r) => toRecord(partition, r)),
      next: nextOffsetAfter(data.messages, offset),
      highWatermark: Number(data.highWatermark),
      lastStable: Number(data.lastStableOffset) >= 0 ? Number(data.lastStableOffset) : Number(data.highWatermark),
    };
  }

  async close(): Promise<void> {
    this.ready = null;
    await this.cluster.disconnect().catch(() => undefined);
  }
}
