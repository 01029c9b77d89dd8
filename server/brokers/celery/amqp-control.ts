import "server-only";
import { randomUUID } from "node:crypto";
import type { Channel, ChannelModel } from "amqplib";
import { controlPublish, parseControlReply, pidboxExchanges } from "./amqp-messages";
import type { BroadcastOptions, ControlCall, Replies } from "./transport";

// Celery's remote control ("pidbox") over RabbitMQ's real exchanges, as kombu's Mailbox does it:
// commands go to the `celery.pidbox` fanout exchange, each worker answers through the
// `reply.celery.pidbox` direct exchange with our routing key, and replies are told apart by their
// `ticket` header. One private reply queue per channel serves every call (no declare per call).

/** A full reply window at least this often, so a worker that just started is found. */
const SWEEP_EVERY_MS = 30_000;

interface ReplyBox {
  ch: Channel;
  routingKey: string;
}

interface Collecting {
  replies: Replies;
  /** Resolves the call once every expected worker has answered. */
  wake: () => void;
}

export class AmqpControl {
  private clock = 0;
  private box: Promise<ReplyBox> | null = null;
  private boxChannel: Channel | null = null;
  private readonly waiting = new Map<string, Collecting>();
  /** Workers that answered the last full window (and since): with AMQP the receivers of a fanout cannot be counted. */
  private known = new Set<string>();
  private sweptAt = 0;
  private readonly exchanges: { broadcast: string; reply: string };

  constructor(
    private readonly connection: () => Promise<ChannelModel>,
    private readonly onChannelError: (err: Error) => void,
    /** Celery's control_exchange setting; "celery" unless the app changed it. */
    private readonly namespace = "celery",
  ) {
    this.exchanges = pidboxExchanges(namespace);
  }

  async broadcast(calls: ControlCall[], opts: BroadcastOptions): Promise<Replies[]> {
    const { ch, routingKey } = await this.replyBox();
    const destination = opts.destination && opts.destination.length > 0 ? opts.destination : null;
    // Stop early once every worker that can answer has: the named ones, or those seen lately.
    const expected = destination ?? (this.isFresh() ? [...this.known] : null);
    const tickets = calls.map(() => randomUUID());
    const results: Replies[] = calls.map(() => ({}));

    let timer: NodeJS.Timeout | undefined;
    let onClose: () => void = () => undefined;
    const finished = new Promise<void>((resolve, reject) => {
      timer = setTimeout(resolve, opts.timeoutMs);
      const wake = () => {
        if (expected && results.every((r) => expected.every((host) => host in r))) resolve();
      };
      tickets.forEach((t, i) => this.waiting.set(t, { replies: results[i]!, wake }));
      onClose = () => reject(new Error("pidbox channel closed while waiting for replies"));
      ch.once("close", onClose);
    });
    try {
      const expiresAt = Date.now() / 1000 + opts.timeoutMs / 1000;
      for (const [i, call] of calls.entries()) {
        const msg = controlPublish({
          ...call,
          destination,
          ticket: tickets[i]!,
          replyRoutingKey: routingKey,
          clock: ++this.clock,
          expiresAt,
          namespace: this.namespace,
        });
        ch.publish(msg.exchange, msg.routingKey, msg.content, msg.options);
      }
      await finished;
    } finally {
      clearTimeout(timer);
      ch.removeListener("close", onClose);
      for (const t of tickets) this.waiting.delete(t);
    }
    this.learn(results, expected === null);
    return results;
  }

  private isFresh(): boolean {
    return this.known.size > 0 && Date.now() - this.sweptAt < SWEEP_EVERY_MS;
  }

  private learn(results: Replies[], sweep: boolean): void {
    const answered = new Set(results.flatMap((r) => Object.keys(r)));
    if (sweep) {
      // A worker that did not answer a full window is gone (or too busy to count on).
      this.known = answered;
      this.sweptAt = Date.now();
    } else {
      for (const host of answered) this.known.add(host);
    }
  }

  private replyBox(): Promise<ReplyBox> {
    this.box ??= this.openReplyBox().catch((err: unknown) => {
      this.box = null;
      throw err;
    });
    return this.box;
  }

  private async openReplyBox(): Promise<ReplyBox> {
    const model = await this.connection();
    const ch = await model.createChannel();
    ch.on("error", (err: Error) => this.onChannelError(err));
    ch.on("close", () => {
      // The connection went away or the broker closed the channel: the next call opens another.
      if (this.boxChannel === ch) {
        this.boxChannel = null;
        this.box = null;
      }
    });
    this.boxChannel = ch;
    try {
      const routingKey = randomUUID();
      const { broadcast, reply } = this.exchanges;
      // Declared exactly as kombu declares them (non-durable): other flags would fail with 406.
      await ch.assertExchange(broadcast, "fanout", { durable: false, autoDelete: false });
      await ch.assertExchange(reply, "direct", { durable: false, autoDelete: false });
      const { queue } = await ch.assertQueue(`${routingKey}.${reply}`, { exclusive: true, autoDelete: true, durable: false });
      await ch.bindQueue(queue, reply, routingKey);
      await ch.consume(
        queue,
        (msg) => {
          if (!msg) {
            // The broker cancelled our consumer (reply queue deleted): start over on a new channel.
            void ch.close().catch(() => undefined);
            return;
          }
          this.accept(parseControlReply(msg.content, msg.properties.contentType, msg.properties.headers));
        },
        { noAck: true },
      );
      return { ch, routingKey };
    } catch (err) {
      await ch.close().catch(() => undefined);
      throw err;
    }
  }

  private accept(reply: ReturnType<typeof parseControlReply>): void {
    if (!reply) return; // unreadable: skip it, the others still count
    if (reply.clock !== null) this.clock = Math.max(this.clock, reply.clock);
    const target = this.waiting.get(reply.ticket);
    if (!target) return; // a late reply to a call that is over
    Object.assign(target.replies, reply.replies);
    target.wake();
  }
}
