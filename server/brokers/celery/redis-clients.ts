import "server-only";
import { Redis } from "ioredis";

// Redis connections for the Celery adapter. A dashboard must survive its
// broker going away: every client has an error listener (an unhandled
// 'error' event would crash the process), fails commands fast instead of
// queueing them forever, and keeps reconnecting in the background.

/** The db number of a redis:// URL ("/3" -> 3); kombu uses it in fanout channel names. */
export function dbOfUrl(url: string): number {
  const path = new URL(url).pathname.replace(/^\//, "");
  const n = path === "" ? 0 : Number(path);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

export interface TrackedRedis {
  client: Redis;
  /** The last connection-level error, for honest "down" texts when a command only says "max retries". */
  lastError(): Error | undefined;
}

export function createRedis(url: string, label: string): TrackedRedis {
  let last: Error | undefined;
  const client = new Redis(url, {
    lazyConnect: true,
    // One retry: a command issued while Redis is away fails within a reconnect
    // attempt or two rather than hanging the collector.
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    // Keep trying forever, backing off to one attempt every 5 s.
    retryStrategy: (times) => Math.min(250 * times, 5000),
    connectionName: `queuedeck-celery-${label}`,
  });
  client.on("error", (err: Error) => {
    last = err;
  });
  client.on("ready", () => {
    last = undefined;
  });
  return { client, lastError: () => last };
}

/** Closes without waiting on a server that may be gone. */
export function closeRedis(client: Redis): void {
  try {
    client.disconnect(false);
  } catch {
    // already closed
  }
}

/**
 * Connections for BRPOP. A blocked connection cannot serve anything else, so
 * each remote-control call borrows its own; idle ones are kept for the next tick.
 */
export class BlockingPool {
  private idle: TrackedRedis[] = [];
  private all = new Set<TrackedRedis>();
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly max = 4,
  ) {}

  acquire(): TrackedRedis {
    if (this.closed) throw new Error("celery adapter closed");
    const reused = this.idle.pop();
    if (reused) return reused;
    const fresh = createRedis(this.url, "brpop");
    this.all.add(fresh);
    return fresh;
  }

  /** Returns a connection; `broken` ones (timed out mid-BRPOP) are dropped, their state is unknown. */
  release(conn: TrackedRedis, broken = false): void {
    if (broken || this.closed || this.idle.length >= this.max) {
      this.all.delete(conn);
      closeRedis(conn.client);
      return;
    }
    this.idle.push(conn);
  }

  close(): void {
    this.closed = true;
    for (const c of this.all) closeRedis(c.client);
    this.all.clear();
    this.idle = [];
  }
}
