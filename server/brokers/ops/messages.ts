import "server-only";
import type { DelayedRetryBody, PeekResultDto, PublishBody, PublishResultDto, ReplayBody } from "@/lib/rabbitmq";
import type { ProgressSink } from "./progress";

// Message-level operations of queue brokers (RabbitMQ today), one interface per capability
// (peek, purge, publish, replay). Queue and exchange arguments are the opaque ids the lists
// carry. Errors are DomainErrors (not_found for an unknown queue, conflict for a broker
// precondition, unavailable).

/** Final counts of an operation that moves messages. */
export interface MoveReport {
  moved: number;
  failed: number;
  skipped: number;
  /**
   * Replay only: the reasons of the messages it read and left in the queue (skipped or failed),
   * by reason text, and how many it never reached: what the dead-letter inbox can show without
   * reading the queue again.
   */
  left?: { reasons: { message: string | null; count: number }[]; unseen: number };
}

/**
 * A move checked and ready to run: the queues exist and `total` messages are in scope.
 * The API starts `run` as a background operation (progress, cancel, final audit).
 */
export interface PreparedMove {
  total: number;
  /** What the UI must say about duplicates or side effects. */
  note: string;
  /** Audit detail: where the messages go. */
  target: string;
  /** What stays true if QueueDeck stops mid-run (shown on the operation found interrupted). */
  ifInterrupted?: string;
  run(progress: ProgressSink): Promise<MoveReport>;
}

export interface PeekOps {
  /** The first messages, fetched and requeued (nothing is consumed). */
  peek(queueId: string, limit: number): Promise<PeekResultDto>;
}

export interface PurgeOps {
  purge(queueId: string): Promise<{ purged: number }>;
}

export interface PublishOps {
  publish(exchangeId: string, body: PublishBody): Promise<PublishResultDto>;
}

export interface ReplayOps {
  /** Messages published but not yet confirmed at most, per move: what a crash may duplicate. */
  readonly inFlightWindow: number;
  /** Dead letters back where they died (x-death), or to a queue of the same vhost. */
  replay(queueId: string, body: ReplayBody): Promise<PreparedMove>;
  /** Dead letters into a TTL queue that dead-letters them back into their origin after the delay. */
  delayedRetry(queueId: string, body: DelayedRetryBody): Promise<PreparedMove>;
  /** The whole queue into another one, broker-side (a temporary dynamic shovel). */
  moveAll(queueId: string, targetQueue: string): Promise<PreparedMove>;
}
