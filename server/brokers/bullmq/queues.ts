import "server-only";
import { Queue } from "bullmq";
import type IORedis from "ioredis";
import { JOB_STATES, type QueueReading } from "./map";

/**
 * BullMQ Queue objects kept across ticks, one per queue name, all on the adapter's
 * single ioredis client (BullMQ marks a passed-in, non-blocking client as shared:
 * Queue.close() leaves it open). Constructing a Queue defines its Lua scripts on the
 * client, so doing it once per queue rather than once per tick matters.
 */
export class QueueCache {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
  ) {}

  get(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: this.redis,
        prefix: this.prefix,
        // A dashboard only reads: it must not write its own version into the meta hash.
        skipMetasUpdate: true,
        // health() already read INFO; one INFO per Queue would be waste.
        skipVersionCheck: true,
      });
      // Errors are re-emitted by Queue; an unhandled 'error' event would throw.
      q.on("error", () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  /** Closes the Queue objects of queues that no longer exist. */
  async retain(names: readonly string[]): Promise<void> {
    const keep = new Set(names);
    const gone = [...this.queues.keys()].filter((n) => !keep.has(n));
    for (const n of gone) {
      const q = this.queues.get(n)!;
      this.queues.delete(n);
      await q.close().catch(() => undefined);
    }
  }

  get size(): number {
    return this.queues.size;
  }

  async closeAll(): Promise<void> {
    await this.retain([]);
  }
}

/** Everything one tick reads about a queue except workers (counted for all at once). */
export async function readQueue(q: Queue, redis: IORedis): Promise<Omit<QueueReading, "workers">> {
  // Issued together: ioredis pipelines them on the one connection.
  const [counts, paused, concurrency, rateLimit, totals] = await Promise.all([
    q.getJobCounts(...JOB_STATES),
    q.isPaused(),
    q.getGlobalConcurrency(),
    q.getGlobalRateLimit(),
    readTotals(q, redis),
  ]);
  return { name: q.name, counts, paused, concurrency, rateLimit, totals };
}

/** BullMQ's metrics counters (hash field `count`), written only by workers with `metrics` on. */
async function readTotals(q: Queue, redis: IORedis): Promise<QueueReading["totals"]> {
  const [completed, failed] = await Promise.all([
    redis.hget(q.toKey("metrics:completed"), "count"),
    redis.hget(q.toKey("metrics:failed"), "count"),
  ]);
  const num = (v: string | null) => (v === null || !Number.isFinite(Number(v)) ? null : Number(v));
  return { completed: num(completed), failed: num(failed) };
}
