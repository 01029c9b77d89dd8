import "server-only";
import type { Channel, ChannelModel, ConfirmChannel } from "amqplib";
import { AmqpLink } from "./amqp";

/** The AMQP URL of the same broker and user, for another vhost (AMQP connections are per vhost). */
export function amqpUrlForVhost(url: string, vhost: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(vhost)}`;
  return u.toString();
}

/**
 * One lazily opened connection per vhost, for message operations. Channels are short-lived:
 * a broker error (404, 406) closes only the channel it happened on, never the connection.
 */
export class VhostLinks {
  private readonly links = new Map<string, AmqpLink>();

  constructor(
    private readonly url: string,
    private readonly opts: { timeoutMs: number; connectionName: string },
  ) {}

  connection(vhost: string): Promise<ChannelModel> {
    let link = this.links.get(vhost);
    if (!link) {
      link = new AmqpLink(amqpUrlForVhost(this.url, vhost), {
        timeoutMs: this.opts.timeoutMs,
        connectionName: `${this.opts.connectionName} (${vhost})`,
      });
      this.links.set(vhost, link);
    }
    return link.get();
  }

  async channel(vhost: string): Promise<Channel> {
    return quiet(await (await this.connection(vhost)).createChannel());
  }

  async confirmChannel(vhost: string): Promise<ConfirmChannel> {
    return quiet(await (await this.connection(vhost)).createConfirmChannel());
  }

  /** Runs fn on a fresh channel and closes it afterwards, whatever happened. */
  async withChannel<T>(vhost: string, fn: (ch: Channel) => Promise<T>): Promise<T> {
    const ch = await this.channel(vhost);
    try {
      return await fn(ch);
    } finally {
      await closeQuietly(ch);
    }
  }

  async close(): Promise<void> {
    const links = [...this.links.values()];
    this.links.clear();
    await Promise.all(links.map((l) => l.close()));
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
