import "server-only";
import { connect, type ChannelModel } from "amqplib";
import { errorText, secretsOfUrl } from "@/server/redact";

export interface AmqpLinkOptions {
  /** Bounds the TCP connect plus the AMQP handshake. */
  timeoutMs: number;
  /** Shown in the RabbitMQ UI's connection list, so operators see who is connected. */
  connectionName: string;
}

/**
 * One long-lived AMQP connection, opened lazily and reopened lazily after it drops.
 * amqplib emits 'error' on a connection (heartbeat timeout, broker shutdown); an
 * emitter without a listener would crash the process, so listeners go on first thing.
 */
export class AmqpLink {
  private model: ChannelModel | null = null;
  private pending: Promise<ChannelModel> | null = null;
  private closed = false;
  private readonly secrets: string[];

  constructor(
    private readonly url: string,
    private readonly opts: AmqpLinkOptions,
  ) {
    this.secrets = secretsOfUrl(url);
  }

  /** The open connection, opening one when there is none. Rejects with a redacted error. */
  get(): Promise<ChannelModel> {
    if (this.closed) return Promise.reject(new Error("AMQP link closed"));
    if (this.model) return Promise.resolve(this.model);
    // Concurrent callers share one attempt instead of opening several connections.
    this.pending ??= this.open().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** "RabbitMQ 3.10.8" from the handshake, for when the management API cannot say. */
  serverVersion(): string | undefined {
    const p = this.model?.connection.serverProperties;
    if (!p?.version) return undefined;
    return `${p.product || "RabbitMQ"} ${p.version}`;
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.pending;
    const model = this.model;
    this.model = null;
    if (model) await model.close().catch(() => undefined);
    // An attempt in flight closes itself when it sees `closed` (see open()).
    if (pending) await pending.catch(() => undefined);
  }

  private async open(): Promise<ChannelModel> {
    let model: ChannelModel;
    try {
      model = await connect(withHeartbeat(this.url), {
        timeout: this.opts.timeoutMs,
        clientProperties: { connection_name: this.opts.connectionName },
      });
    } catch (err) {
      throw new Error(errorText(err, this.secrets));
    }
    model.on("error", () => {
      // 'close' follows every 'error'; the next call reconnects.
    });
    model.on("close", () => {
      if (this.model === model) this.model = null;
    });
    if (this.closed) {
      await model.close().catch(() => undefined);
      throw new Error("AMQP link closed");
    }
    this.model = model;
    return model;
  }
}

/**
 * Without a heartbeat a silently dead peer (cable, firewall) keeps the connection
 * looking open for minutes; 15 s lets health() notice within about 30 s.
 * A heartbeat the user set in the URL wins.
 */
export function withHeartbeat(url: string): string {
  try {
    const u = new URL(url);
    if (!u.searchParams.has("heartbeat")) u.searchParams.set("heartbeat", "15");
    return u.toString();
  } catch {
    return url;
  }
}
