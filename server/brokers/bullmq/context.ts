import "server-only";
import type { Queue } from "bullmq";
import type IORedis from "ioredis";
import { isDomainError, notFound, unavailable } from "@/server/errors";
import { withTimeout } from "../timeout";
import { parseBullQueueId } from "./map";
import { QueueCache } from "./queues";
import { RedisLink } from "./redis";

/** Reads on demand (pages, detail, search slices) must answer within this, or the source counts as unavailable. */
export const READ_TIMEOUT_MS = 5000;
/** BullMQ's Lua scripts for drain/obliterate/clean may run a while on large queues. */
const ACTION_COMMAND_TIMEOUT_MS = 120_000;

/**
 * What the job operations share: their own Redis connection (separate from the collector's, so
 * a long action never delays a tick and its commands may take longer) and one BullMQ Queue per
 * queue on it.
 */
export class BullContext {
  readonly link: RedisLink;
  readonly queues: QueueCache;

  constructor(
    readonly sourceId: string,
    readonly prefix: string,
    redisUrl: string,
  ) {
    this.link = new RedisLink(redisUrl, {
      timeoutMs: READ_TIMEOUT_MS,
      commandTimeoutMs: ACTION_COMMAND_TIMEOUT_MS,
      connectionName: `queuedeck:${sourceId}:ops`,
    });
    this.queues = new QueueCache(this.link.client, prefix);
  }

  /** `<prefix>:<queue>:` — the start of every key of the queue. */
  keyPrefix(queueName: string): string {
    return `${this.prefix}:${queueName}:`;
  }

  /**
   * The queue behind an opaque id, after checking it exists (its meta hash, the same key
   * discovery looks for). 404 otherwise, 503 when Redis is away.
   */
  async resolve(queueId: string): Promise<{ name: string; queue: Queue; redis: IORedis }> {
    const name = parseBullQueueId(queueId);
    if (name === null || name.includes(":")) throw notFound(`queue "${queueId}"`);
    return this.guard(async () => {
      const redis = await this.link.ready();
      if (!(await redis.exists(`${this.keyPrefix(name)}meta`))) throw notFound(`queue "${name}"`);
      return { name, queue: this.queues.get(name), redis };
    });
  }

  /**
   * Runs `fn`, turning connection trouble into `unavailable` (redacted) and leaving domain errors as they
   * are; `timeoutMs` bounds reads so a Redis that stopped answering does not hang a request.
   */
  async guard<T>(fn: () => Promise<T>, timeoutMs?: number): Promise<T> {
    try {
      return timeoutMs ? await withTimeout(fn(), timeoutMs, "Redis") : await fn();
    } catch (err) {
      if (isDomainError(err)) throw err;
      if (this.link.client.status !== "ready" || isConnectionError(err)) {
        throw unavailable(`Redis unavailable: ${this.link.text(err)}`);
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.queues.closeAll();
    await this.link.close();
  }
}

function isConnectionError(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : String(err);
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|enableOfflineQueue|timed out|not ready|link closed/i.test(msg);
}
