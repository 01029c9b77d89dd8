import "server-only";
import { groupReasons, type ReasonGroup } from "@/lib/error-signature";
import type { Sql } from "@/server/store/sql";

// RabbitMQ's reasons sit inside the dead letters (x-death, exception headers), and reading a
// message requeues it (redelivered; a delivery against a quorum queue's limit). So the inbox
// never reads them itself: it shows what the last read that happened anyway (a peek, a replay)
// learnt about the queue, with when and from how many of how many messages. Kept in the store,
// so a restart keeps them and every replica's inbox shows what a peek on any replica learnt.

/** Queues remembered at most per source; the least recently learnt goes first. */
const MAX_QUEUES = 1000;
/** Reason groups kept per queue (the inbox shows the top few; an action needs its group's count). */
const MAX_GROUPS = 20;
/** How long one replica serves a source's reasons before reading them again (another may have learnt). */
const SHARE_MS = 2000;

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

export class LearntReasonStore {
  private readonly cached = new Map<string, { readAt: number; byQueue: Promise<Map<string, LearntReasons>> }>();

  constructor(
    private readonly db: Sql,
    private readonly maxQueues = MAX_QUEUES,
  ) {}

  /** The reasons of the messages just read: their reason texts, one per message. */
  learn(sourceId: string, queueId: string, texts: readonly (string | null)[], depth: number | null, how: string, now = Date.now()): Promise<void> {
    return this.learnCounted(sourceId, queueId, texts.map((message) => ({ message, count: 1 })), depth, how, now);
  }

  /** The same from reason texts already counted (what a replay left in the queue). */
  async learnCounted(sourceId: string, queueId: string, messages: readonly { message: string | null; count: number }[], depth: number | null, how: string, now = Date.now()): Promise<void> {
    const read = messages.reduce((n, m) => n + m.count, 0);
    const entry: LearntReasons = { at: now, how, read, depth, reasons: groupReasons(messages, MAX_GROUPS) };
    await this.db.tx(async (q) => {
      await q.run(
        `INSERT INTO learnt_reasons (source_id, queue_id, at, body) VALUES (?, ?, ?, ?)
         ON CONFLICT (source_id, queue_id) DO UPDATE SET at = excluded.at, body = excluded.body`,
        [sourceId, queueId, now, JSON.stringify(entry)],
      );
      await q.run(
        `DELETE FROM learnt_reasons WHERE source_id = ? AND queue_id NOT IN
           (SELECT queue_id FROM learnt_reasons WHERE source_id = ? ORDER BY at DESC, queue_id LIMIT ?)`,
        [sourceId, sourceId, this.maxQueues],
      );
    });
    // This replica sees its own read at once.
    this.cached.delete(sourceId);
  }

  /** Every queue's learnt reasons of a source, read at most every SHARE_MS however many inbox reads ask. */
  forSource(sourceId: string, now = Date.now()): Promise<Map<string, LearntReasons>> {
    const hit = this.cached.get(sourceId);
    if (hit && now - hit.readAt < SHARE_MS) return hit.byQueue;
    const byQueue = this.read(sourceId);
    this.cached.set(sourceId, { readAt: now, byQueue });
    byQueue.catch(() => this.cached.delete(sourceId));
    return byQueue;
  }

  async get(sourceId: string, queueId: string): Promise<LearntReasons | undefined> {
    return (await this.forSource(sourceId)).get(queueId);
  }

  private async read(sourceId: string): Promise<Map<string, LearntReasons>> {
    const rows = await this.db.all<{ queue_id: string; body: string }>("SELECT queue_id, body FROM learnt_reasons WHERE source_id = ?", [sourceId]);
    return new Map(rows.map((r) => [r.queue_id, JSON.parse(r.body) as LearntReasons]));
  }
}
