import "server-only";
import type { Kafka } from "kafkajs";
import { createInternalCluster, type InternalCluster } from "./internal-cluster";
import { DomainError } from "@/server/errors";

// Where a replay stands, kept in the broker as the committed offsets of a QueueDeck-owned
// consumer group that never has members: durable across a kill -9 of QueueDeck (no local file
// that a restart on another host would miss), visible to every Kafka tool, and written with a
// plain OffsetCommit (generation -1, no member) so that no group is ever joined. The broker
// keeps an empty group's offsets for offsets.retention.minutes (7 days by default).

export class ReplayCheckpoint {
  private readonly cluster: InternalCluster;
  private connected: Promise<void> | null = null;

  constructor(
    kafka: Kafka,
    readonly groupId: string,
    readonly topic: string,
  ) {
    this.cluster = createInternalCluster(kafka);
  }

  private connect(): Promise<void> {
    this.connected ??= this.cluster.connect();
    return this.connected;
  }

  /** Committed offset per partition (next record to replay); partitions never committed are absent. */
  async read(partitions: readonly number[]): Promise<Map<number, number>> {
    await this.connect();
    const coordinator = await this.cluster.findGroupCoordinator({ groupId: this.groupId });
    const answer = await coordinator.offsetFetch({
      groupId: this.groupId,
      topics: [{ topic: this.topic, partitions: partitions.map((partition) => ({ partition })) }],
    });
    const out = new Map<number, number>();
    for (const p of answer.responses.find((t) => t.topic === this.topic)?.partitions ?? []) {
      if (Number(p.offset) >= 0) out.set(p.partition, Number(p.offset));
    }
    return out;
  }

  /** Records below `offset` of `partition` are done. Call only after the broker acknowledged their copies. */
  async commit(partition: number, offset: number): Promise<void> {
    await this.connect();
    const coordinator = await this.cluster.findGroupCoordinator({ groupId: this.groupId });
    const answer = await coordinator.offsetCommit({
      groupId: this.groupId,
      groupGenerationId: -1,
      memberId: "",
      topics: [{ topic: this.topic, partitions: [{ partition, offset: String(offset) }] }],
    });
    const failed = answer.responses.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0);
    if (failed) throw new DomainError("unavailable", `could not save replay progress of ${this.topic} (Kafka error code ${failed.errorCode})`);
  }

  async close(): Promise<void> {
    this.connected = null;
    await this.cluster.disconnect().catch(() => undefined);
  }
}
