import "server-only";
import type { Channel, ChannelModel, ConfirmChannel } from "amqplib";
import { AmqpLink } from "./amqp";
import { LinkPool } from "./link-pool";

/** The AMQP URL of the same broker and user, for another vhost (AMQP connections are per vhost). */
export function amqpUrlForVhost(url: string, vhost: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(vhost)}`;
  return u.toString();
}

/** At most this many vhost connections stay open; the least recently used idle one is closed first. */
export const MAX_VHOST_LINKS = 64;
/** A vhost connection nobody used for this long is closed. */
export const VHOST_LINK_IDLE_MS = 5 * 60_000;

export interface VhostLinksOptions {
  timeoutMs: number;
  connectionName: string;
  max?: number;
  idleMs?: number;
  /**
   * Turns a failure to open a vhost's connection into the error callers see (an unknown vhost
   * is a 404, not an outage). The failed link is dropped before this is called.
   */
  openError?(vhost: string, err: unknown): Promise<unknown>;
}

export interface ConnectionLease {
  connection: ChannelModel;
  release(): void;
}

/**
 * Lazily opened connections per vhost, for message operations, in a bounded pool: every vhost
 * name a caller asks for must not keep a connection object forever. Channels are short-lived:
 * a broker error (404, 406) closes only the channel it happened on, never the connection.
 */
export class VhostLinks {
  private readonly pool: LinkPool<AmqpLink>;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly idleMs: number;

  constructor(
    private readonly url: string,
    private readonly opts: VhostLinksOptions,
  ) {
    this.idleMs = opts.idleMs ?? VHOST_LINK_IDLE_MS;
    this.pool = new LinkPool<AmqpLink>({
      max: opts.max ?? MAX_VHOST_LINKS,
      idleMs: this.idleMs,
      create: (vhost) =>
        new AmqpLink(amqpUrlForVhost(this.url, vhost), { timeoutMs: opts.timeoutMs, connectionName: `${opts.connectionName} (${vhost})` }),
      dispose: (link) => void link.close(),
    });
  }

  /** How many vhost links are held now (for tests and diagnostics). */
  get size(): number {
    return this.pool.size;
  }

  /** The vhost's connection for as long as the caller needs it (a replay holds it for its whole run). */
  async lease(vhost: string): Promise<ConnectionLease> {
    this.startSweeper();
    const lease = this.pool.acquire(vhost);
    try {
      return { connection: await lease.value.get(), release: lease.release };
    } catch (err) {
      lease.release();
      this.pool.drop(vhost, lease.value);
      throw this.opts.openError ? await this.opts.openError(vhost, err) : err;
    }
  }

  /** Runs fn on a fresh channel and closes it afterwards, whatever happened. */
  withChannel<T>(vhost: string, fn: (ch: Channel) => Promise<T>): Promise<T> {
    return this.onChannel(vhost, (c) => c.createChannel(), fn);
  }

  /** The same with publisher confirms on. */
  withConfirmChannel<T>(vhost: string, fn: (ch: ConfirmChannel) => Promise<T>): Promise<T> {
    return this.onChannel(vhost, (c) => c.createConfirmChannel(), fn);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    await Promise.all(this.pool.clear().map((l) => l.close()));
  }

  private async onChannel<C extends Channel, T>(vhost: string, open: (c: ChannelModel) => Promise<C>, fn: (ch: C) => Promise<T>): Promise<T> {
    const { connection, release } = await this.lease(vhost);
    try {
      const ch = quiet(await open(connection));
      try {
        return await fn(ch);
      } finally {
        await closeQuietly(ch);
      }
    } finally {
      release();
    }
  }

  /** Idle links close even when no further call comes; unref'd so it never keeps the process up. */
  private startSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.pool.sweep(), Math.max(50, Math.min(this.idleMs / 4, 30_000)));
    this.sweeper.unref();
  }
}

/** An 'error' event without a listener would crash the process; the failing call rejects anyway. */
export function quiet<C extends Channel>(ch: C): C {
  ch.on("error", () => undefined);
  return ch;
}

export async function closeQuietly(ch: Channel): Promise<void> {
  await ch.close().catch(() => undefined);
}
