import "server-only";
import IORedis from "ioredis";
import { errorText, secretsOfUrl } from "@/server/redact";

export interface RedisLinkOptions {
  timeoutMs: number;
  connectionName: string;
  /** Per-command bound; defaults to timeoutMs. Actions whose Lua scripts may run long pass more. */
  commandTimeoutMs?: number;
}

/**
 * The one ioredis client an adapter shares between its probes and every BullMQ Queue.
 *
 * - maxRetriesPerRequest: null is what BullMQ requires of a client handed to it.
 * - enableOfflineQueue: false makes commands fail at once while Redis is away instead
 *   of piling up forever (with maxRetriesPerRequest null nothing else would bound them).
 * - commandTimeout bounds a Redis that accepts connections but does not answer.
 * - ioredis reconnects in the background; we report the last connection error meanwhile.
 */
export class RedisLink {
  readonly client: IORedis;
  private lastError: string | undefined;
  private readonly secrets: string[];
  private closed = false;

  constructor(url: string, private readonly opts: RedisLinkOptions) {
    this.secrets = secretsOfUrl(url);
    this.client = new IORedis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: null,
      enableOfflineQueue: false,
      connectTimeout: opts.timeoutMs,
      commandTimeout: opts.commandTimeoutMs ?? opts.timeoutMs,
      connectionName: opts.connectionName,
      // Back off up to 5 s: a dashboard need not hammer a Redis that is down.
      retryStrategy: (times) => Math.min(200 * times, 5000),
    });
    // Without an 'error' listener ioredis would print every failed attempt; errors
    // surface through health() instead.
    this.client.on("error", (err: unknown) => {
      this.lastError = errorText(err, this.secrets);
    });
    this.client.on("ready", () => {
      this.lastError = undefined;
    });
  }

  text(err: unknown): string {
    return errorText(err, this.secrets);
  }

  /** Resolves once the client is ready; rejects with Redis's own error text. */
  async ready(): Promise<IORedis> {
    if (this.closed) throw new Error("Redis link closed");
    const c = this.client;
    if (c.status === "ready") return c;
    // A background reconnect is under way and the last attempt failed: say why now
    // rather than wait for the next attempt.
    if ((c.status === "reconnecting" || c.status === "close") && this.lastError) throw new Error(this.lastError);
    // Only a client that is not already (re)connecting may be told to connect:
    // otherwise ioredis's own reconnect timer and ours would race.
    if (c.status === "wait" || c.status === "end") c.connect().catch(() => undefined);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(this.lastError ?? `Redis not ready after ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
      const onReady = () => done();
      const onError = (err: unknown) => done(new Error(errorText(err, this.secrets)));
      const onEnd = () => done(new Error(this.lastError ?? "Redis connection ended"));
      function done(err?: Error) {
        clearTimeout(timer);
        c.off("ready", onReady);
        c.off("error", onError);
        c.off("end", onEnd);
        if (err) reject(err);
        else resolve();
      }
      c.on("ready", onReady);
      c.on("error", onError);
      c.on("end", onEnd);
    });
    return c;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.client.status === "ready") await this.client.quit().catch(() => undefined);
    this.client.disconnect();
  }
}
