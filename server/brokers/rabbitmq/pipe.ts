import "server-only";
import type { Channel, ChannelModel, ConfirmChannel, Message } from "amqplib";
import { republishOptions, type Route } from "./publish-options";
import { TokenBucket } from "./token-bucket";
import { closeQuietly, quiet } from "./vhost-links";

/** What to do with one message: move it along a route, leave it (skip), or count it failed. */
export type Decision = { route: Route } | { skip: true } | { fail: string };

export interface PipeCounts {
  moved: number;
  failed: number;
  skipped: number;
  /** Deliveries looked at; the pipe stops after `total`. */
  seen: number;
}

export interface PipeOptions {
  connection: ChannelModel;
  queue: string;
  /** Stop after looking at this many messages (the ready count at start, or a limit). */
  total: number;
  /** Prefetch and so the most messages published but not yet confirmed: the duplicates a crash may cause. */
  window: number;
  ratePerSecond?: number;
  /** The user of `connection`, to keep user-id properties the broker would accept. */
  connectionUser: string;
  decide(msg: Message): Decision | Promise<Decision>;
  /** Ends the move early (all picked messages found) although fewer than `total` were seen. */
  complete?: () => boolean;
  signal?: AbortSignal;
  onProgress?(counts: PipeCounts): void;
  /** With no delivery for this long and nothing in flight, check whether the queue is empty. */
  idleMs?: number;
}

const MAX_IDLE_STRIKES = 5;

interface InFlight {
  msg: Message;
  route: Route;
  returned: boolean;
}

/**
 * Moves messages out of a queue without losing any: consume (manual ack, prefetch = window),
 * publish with confirms and mandatory, and ack the source only after the broker confirmed the
 * copy and did not return it as unroutable. Skipped and failed messages stay unacked until the
 * end, then are requeued (nack requeue), so each message is looked at once and the loop ends.
 * A kill at any moment leaves every message in the source or the destination; the at most
 * `window` confirmed-but-not-yet-acked ones may then exist in both.
 */
export async function runPipe(opts: PipeOptions): Promise<PipeCounts> {
  const counts: PipeCounts = { moved: 0, failed: 0, skipped: 0, seen: 0 };
  if (opts.total <= 0) return counts;
  const src: Channel = quiet(await opts.connection.createChannel());
  let pub: ConfirmChannel;
  try {
    pub = quiet(await opts.connection.createConfirmChannel());
  } catch (err) {
    await closeQuietly(src);
    throw err;
  }
  const bucket = opts.ratePerSecond ? new TokenBucket(opts.ratePerSecond) : undefined;
  const backlog: Message[] = [];
  const inflight = new Set<InFlight>();
  let fatal: Error | undefined;
  let stopping = false;
  let pumping = false;
  let consumerTag: string | undefined;
  let heldByConsumer = 0;
  let lastActivity = Date.now();
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));

  const report = () => opts.onProgress?.({ ...counts });
  const atEnd = () => counts.seen >= opts.total || (opts.complete?.() ?? false);
  const stop = (err?: Error) => {
    if (err && !fatal) fatal = err;
    stopping = true;
    maybeFinish();
  };
  const maybeFinish = () => {
    if ((stopping || atEnd()) && inflight.size === 0 && !pumping) finish();
  };
  // A held message occupies a prefetch slot of its consumer until the end: past half the
  // window a fresh consumer (with its own prefetch) takes over, so holding never stalls the move.
  const hold = () => {
    heldByConsumer++;
    if (heldByConsumer >= Math.max(1, Math.floor(opts.window / 2)) && !stopping && !atEnd()) void rotate();
  };

  const onAbort = () => stop();
  opts.signal?.addEventListener("abort", onAbort);
  // A channel error (queue deleted, access refused) comes before its close; a broker that stops
  // or a lost connection closes the channels with no error of their own.
  let channelError: Error | undefined;
  const closed = (which: string) => () =>
    stop(stopping ? undefined : new Error(`RabbitMQ closed the ${which} channel: ${channelError?.message ?? "the broker stopped or the connection was lost"}`));
  for (const ch of [src, pub]) ch.on("error", (err: Error) => (channelError ??= err));
  src.on("close", closed("source"));
  pub.on("close", closed("publishing"));
  pub.on("return", (ret: Message) => {
    // A return precedes the confirm of the same publish: mark the matching in-flight copy.
    for (const f of inflight) {
      if (!f.returned && f.route.exchange === ret.fields.exchange && f.route.routingKey === ret.fields.routingKey && sameMessage(f.msg, ret)) {
        f.returned = true;
        return;
      }
    }
  });

  const publish = (msg: Message, route: Route) => {
    const f: InFlight = { msg, route, returned: false };
    inflight.add(f);
    try {
      pub.publish(route.exchange, route.routingKey, msg.content, republishOptions(msg.properties, route, opts.connectionUser), (err) => {
        inflight.delete(f);
        if (err || f.returned) {
          counts.failed++;
          hold();
        } else {
          try {
            src.ack(msg);
            counts.moved++;
          } catch (ackErr) {
            // The source channel is gone: the broker requeued the original, the copy exists too.
            stop(ackErr as Error);
          }
        }
        report();
        maybeFinish();
      });
    } catch (err) {
      inflight.delete(f);
      counts.failed++;
      stop(err as Error);
    }
  };

  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (backlog.length) {
        const msg = backlog.shift()!;
        if (stopping || atEnd()) continue; // stays unacked: requeued at the end
        counts.seen++;
        if (bucket) await bucket.take(opts.signal);
        let decision: Decision;
        try {
          const d = opts.decide(msg);
          decision = d instanceof Promise ? await d : d;
        } catch (err) {
          decision = { fail: err instanceof Error ? err.message : String(err) };
        }
        // Cancelled while waiting for a token or a decision: the message stays, uncounted.
        if (stopping) {
          counts.seen--;
          continue;
        }
        if ("route" in decision) publish(msg, decision.route);
        else {
          if ("skip" in decision) counts.skipped++;
          else counts.failed++;
          hold();
          report();
        }
        if (atEnd()) void cancelConsumer();
      }
    } finally {
      pumping = false;
      maybeFinish();
    }
  };

  const onDelivery = (msg: Message | null) => {
    if (!msg) return stop(new Error(`the broker cancelled the consumer of "${opts.queue}" (queue deleted?)`));
    lastActivity = Date.now();
    backlog.push(msg);
    void pump();
  };

  const consume = async () => {
    heldByConsumer = 0;
    consumerTag = (await src.consume(opts.queue, onDelivery, { noAck: false })).consumerTag;
  };
  const cancelConsumer = async () => {
    const tag = consumerTag;
    consumerTag = undefined;
    if (tag) await src.cancel(tag).catch(() => undefined);
  };
  let rotating = false;
  const rotate = async () => {
    if (rotating) return;
    rotating = true;
    try {
      await cancelConsumer();
      if (!stopping && !atEnd()) await consume();
    } catch (err) {
      stop(err as Error);
    } finally {
      rotating = false;
    }
  };

  // Someone else may take the last messages while we wait for them: check now and then. Ready
  // messages that never reach us (another single active consumer) end the move after a while.
  const idleMs = opts.idleMs ?? 2000;
  let idleStrikes = 0;
  const idleTimer = setInterval(() => {
    if (stopping || inflight.size || pumping || Date.now() - lastActivity < idleMs) {
      if (Date.now() - lastActivity < idleMs) idleStrikes = 0;
      return;
    }
    lastActivity = Date.now();
    src.checkQueue(opts.queue).then(
      (q) => {
        if (q.messageCount === 0) stop();
        else if (++idleStrikes >= MAX_IDLE_STRIKES) stop(new Error(`${q.messageCount} messages are ready but none reached this move for ${(MAX_IDLE_STRIKES * idleMs) / 1000} s (another consumer active?)`));
      },
      (err: Error) => stop(err),
    );
  }, Math.max(100, Math.floor(idleMs / 2)));

  try {
    await src.prefetch(opts.window);
    await consume();
    await finished;
  } catch (err) {
    stop(err as Error);
    await new Promise<void>((r) => {
      const t = setInterval(() => inflight.size === 0 && !pumping && (clearInterval(t), r()), 20);
    });
  } finally {
    clearInterval(idleTimer);
    opts.signal?.removeEventListener("abort", onAbort);
    stopping = true;
    await cancelConsumer();
    // Everything still unacked was skipped, failed, or delivered past the end: back to the queue.
    try {
      src.nackAll(true);
    } catch {
      /* channel already closed: the broker requeued them itself */
    }
    await closeQuietly(src);
    await closeQuietly(pub);
  }
  report();
  if (fatal) throw Object.assign(fatal, { counts });
  return counts;
}

function sameMessage(a: Message, b: Message): boolean {
  return (
    a.content.equals(b.content) &&
    a.properties.messageId === b.properties.messageId &&
    a.properties.correlationId === b.properties.correlationId &&
    a.properties.timestamp === b.properties.timestamp
  );
}
