import "server-only";
import { groupReasons, type ReasonGroup } from "@/lib/error-signature";

// RabbitMQ's reasons sit inside the dead letters (x-death, exception headers), and reading a
// message requeues it (redelivered; a delivery against a quorum queue's limit). So the inbox
// never reads them itself: it shows what the last read that happened anyway (a peek, a replay)
// learnt about the queue, with when and from how many of how many messages.

/** Queues remembered at most; the least recently learnt goes first. */
const MAX_QUEUES = 1000;
/** Reason groups kept per queue (the inbox shows the top few; an action needs its group's count). */
const MAX_GROUPS = 20;

export interface LearntReasons {
  /** When they were read (ms). */
  at: number;
  /** What read them: "peek" or "replay". */
  how: string;
  /** Messages read, of `depth` in the queue then (null when unknown). */
  read: number;
  depth: number | null;
  reasons: ReasonGroup[];
}

export class LearntReasonCache {
  private readonly byQueue = new Map<string, LearntReasons>();

  constructor(private readonly maxQueues = MAX_QUEUES) {}

  /** The reasons of the messages just read: their reason texts, one per message. */
  learn(sourceId: string, queueId: string, texts: readonly (string | null)[], depth: number | null, how: string, now = Date.now()): void {
    this.learnCounted(sourceId, queueId, texts.map((message) => ({ message, count: 1 })), depth, how, now);
  }

  /** The same from reason texts already counted (what a replay left in the queue). */
  learnCounted(sourceId: string, queueId: string, messages: readonly { message: string | null; count: number }[], depth: number | null, how: string, now = Date.now()): void {
    const key = `${sourceId}\0${queueId}`;
    this.byQueue.delete(key);
    const read = messages.reduce((n, m) => n + m.count, 0);
    this.byQueue.set(key, { at: now, how, read, depth, reasons: groupReasons(messages, MAX_GROUPS) });
    while (this.byQueue.size > this.maxQueues) this.byQueue.delete(this.byQueue.keys().next().value!);
  }

  get(sourceId: string, queueId: string): LearntReasons | undefined {
    return this.byQueue.get(`${sourceId}\0${queueId}`);
  }
}
