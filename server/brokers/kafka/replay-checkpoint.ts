import "server-only";
import type { Kafka } from "kafkajs";
import { createInternalCluster, type InternalBroker, type InternalCluster } from "./internal-cluster";
import { DomainError } from "@/server/errors";
import { isCoordinatorMoved } from "./wire-requests";

// Where a replay stands, kept in the broker as the committed offsets of a QueueDeck-owned
// consumer group that never has members: durable across a kill -9 of QueueDeck (no local file
// that a restart on another host would miss), visible to every Kafka tool, and written with a
// plain OffsetCommit (generation -1, no member) so that no group is ever joined. The broker
// keeps an empty group's offsets for offsets.retention.minutes (7 days by default).

/**
 * Whether a kafkajs error (or the one it wraps after its own retries) is a coordinator's "not
 * yet": retried, never shown as a failure. Told by the protocol's error code, as kafkajs names
 * them differently from Kafka (NOT_COORDINATOR_FOR_GROUP for NOT_COORDINATOR...).
 */
export function coordinatorNotReady(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "number" && isCoordinatorMoved(code)) return true;
    e = (e as { cause?: unknown; originalError?: unknown }).cause ?? (e as { originalError?: unknown }).originalError;
  }
  return false;
}
const COORDINATOR_ATTEMPTS = 20;
const COORDINATOR_RETRY_MS = 500;

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
    const answer = await this.withCoordinator((coordinator) => coordinator.offsetFetch({
      groupId: this.groupId,
      topics: [{ topic: this.topic, partitions: partitions.map((partition) => ({ partition })) }],
    }));
    const out = new Map<number, number>();
    for (const p of answer.responses.find((t) => t.topic === this.topic)?.partitions ?? []) {
      if (Number(p.offset) >= 0) out.set(p.partition, Number(p.offset));
    }
    return out;
  }

  /** Records below `offset` of `partition` are done. Call only after the broker acknowledged their copies. */
  async commit(partition: number, offset: number): Promise<void> {
    await this.withCoordinator(async (coordinator) => {
      const answer = await coordinator.offsetCommit({
        groupId: this.groupId,
        groupGenerationId: -1,
        memberId: "",
        topics: [{ topic: this.topic, partitions: [{ partition, offset: String(offset) }] }],
      });
      const failed = answer.responses.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0);
      // A coordinator's "not yet" is waited out like any other (withCoordinator reads the code).
      if (failed && isCoordinatorMoved(failed.errorCode)) throw Object.assign(new Error(`coordinator not ready (Kafka error code ${failed.errorCode})`), { code: failed.errorCode });
      if (failed) throw new DomainError("unavailable", `could not save replay progress of ${this.topic} (Kafka error code ${failed.errorCode})`);
    });
  }

  /**
   * Runs one request on the group's coordinator. A fresh cluster creates __consumer_offsets on
   * the first group request and a restarted broker loads it again: for a few seconds the
   * coordinator answers "not yet", which is waited out here (up to 10 s), then a 503.
   */
  private async withCoordinator<T>(fn: (coordinator: InternalBroker) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.connect();
        return await fn(await this.cluster.findGroupCoordinator({ groupId: this.groupId }));
      } catch (err) {
        if (!coordinatorNotReady(err)) throw err;
        if (attempt >= COORDINATOR_ATTEMPTS) {
          throw new DomainError("unavailable", `Kafka's coordinator for ${this.groupId} is not ready: ${(err as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, COORDINATOR_RETRY_MS));
      }
    }
  }

  async close(): Promise<void> {
    this.connected = null;
    await this.cluster.disconnect().catch(() => undefined);
  }
}
