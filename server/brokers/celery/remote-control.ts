import "server-only";
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { withTimeout } from "../timeout";
import {
  bindingMember,
  bindingSetKey,
  decodeEnvelope,
  encodeEnvelope,
  fanoutChannel,
  isRecord,
  priorityQueueKeys,
} from "./envelope";
import type { BlockingPool } from "./redis-clients";
import type { ControlOutcome } from "../ops/tasks";
import type { BroadcastOptions, ControlCall, Replies } from "./transport";

// Celery's remote control ("pidbox") spoken over Redis exactly as kombu does it:
// bind a private reply queue, PUBLISH the command on the fanout channel,
// collect replies with BRPOP until the window closes, then unbind and delete.

export type { BroadcastOptions, ControlCall, Replies };

export interface ControlMessage extends ControlCall {
  destination: string[] | null;
  ticket: string;
  replyRoutingKey: string;
  clock: number;
  /** Unix seconds after which the reply is useless (kombu's `expires` header). */
  expiresAt: number;
  namespace: string;
}

/** The envelope kombu's Mailbox._publish builds for a broadcast with a reply. */
export function encodeControlMessage(m: ControlMessage): string {
  return encodeEnvelope({
    // Same keys, same order as Celery's own client (see the unit test's capture).
    body: {
      method: m.method,
      arguments: m.arguments ?? {},
      destination: m.destination,
      pattern: null,
      matcher: null,
      ticket: m.ticket,
      reply_to: { exchange: `reply.${m.namespace}.pidbox`, routing_key: m.replyRoutingKey },
    },
    headers: { clock: m.clock, expires: m.expiresAt },
    exchange: `${m.namespace}.pidbox`,
    routingKey: "",
    deliveryMode: 2, // what Celery's own client sends (captured with MONITOR)
  });
}

export class RemoteControl {
  private clock = 0;

  constructor(
    private readonly cmd: Redis,
    private readonly pool: BlockingPool,
    private readonly db: number,
    /** Celery's control_exchange setting; "celery" unless the app changed it. */
    private readonly namespace = "celery",
  ) {}

  /** One command; see `broadcastMany`. */
  async broadcast(call: ControlCall, opts: BroadcastOptions): Promise<Replies> {
    const [replies] = await this.broadcastMany([call], opts);
    return replies ?? {};
  }

  /**
   * Sends several commands under one reply queue (told apart by ticket, as
   * kombu does) so a collector tick pays for one reply window, not one per command.
   */
  async broadcastMany(calls: ControlCall[], opts: BroadcastOptions): Promise<Replies[]> {
    const ns = this.namespace;
    const routingKey = randomUUID();
    const replyQueue = `${routingKey}.reply.${ns}.pidbox`;
    const bindingKey = bindingSetKey(`reply.${ns}.pidbox`);
    const member = bindingMember(routingKey, "", replyQueue);
    const tickets = calls.map(() => randomUUID());
    const results: Replies[] = calls.map(() => ({}));
    const destination = opts.destination && opts.destination.length > 0 ? opts.destination : null;

    // Bind before publishing: a worker routes its reply through this binding,
    // and drops it silently when the binding is missing.
    await this.cmd.sadd(bindingKey, member);
    try {
      const expiresAt = Date.now() / 1000 + opts.timeoutMs / 1000;
      const expected: number[] = [];
      for (const [i, call] of calls.entries()) {
        const envelope = encodeControlMessage({
          ...call,
          destination,
          ticket: tickets[i]!,
          replyRoutingKey: routingKey,
          clock: ++this.clock,
          expiresAt,
          namespace: ns,
        });
        const receivers = await this.cmd.publish(fanoutChannel(this.db, `${ns}.pidbox`), envelope);
        // Each listening worker holds one subscription on this channel, so the
        // receiver count tells us how many replies can come: stop waiting once
        // they are in (0 = no workers, answer at once). Extra subscribers only
        // make us wait the full window, never miss a reply.
        expected.push(destination ? Math.min(destination.length, receivers) : receivers);
      }
      if (expected.every((n) => n === 0)) return results;
      await this.collect(replyQueue, tickets, results, expected, opts.timeoutMs);
      return results;
    } finally {
      // Unbind first so a late reply finds no queue (kombu drops it) instead of
      // re-creating the list we are about to delete.
      await this.cmd
        .multi()
        .srem(bindingKey, member)
        .del(...priorityQueueKeys(replyQueue))
        .exec()
        .catch(() => undefined);
    }
  }

  private async collect(
    replyQueue: string,
    tickets: string[],
    results: Replies[],
    expected: number[],
    timeoutMs: number,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const done = () => results.every((r, i) => Object.keys(r).length >= (expected[i] ?? 0));
    const keys = priorityQueueKeys(replyQueue);
    const conn = this.pool.acquire();
    let broken = false;
    try {
      while (!done()) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) break;
        // BRPOP 0 would block forever: never pass less than 10 ms. The outer
        // timeout covers a server that stops answering mid-wait.
        const seconds = Math.max(0.01, remaining / 1000);
        let popped: [string, string] | null;
        try {
          // All priority sub-lists, like kombu: a reply could be routed to any of them.
          popped = await withTimeout(conn.client.brpop(...keys, seconds), remaining + 1000, "pidbox reply");
        } catch (err) {
          broken = true;
          throw err;
        }
        if (!popped) break;
        this.accept(popped[1], tickets, results);
      }
    } finally {
      this.pool.release(conn, broken);
    }
  }

  private accept(raw: string, tickets: string[], results: Replies[]): void {
    let msg;
    try {
      msg = decodeEnvelope(raw);
    } catch {
      return; // unreadable reply: skip it, the others still count
    }
    const clock = Number(msg.headers.clock);
    if (Number.isFinite(clock)) this.clock = Math.max(this.clock, clock);
    const index = tickets.indexOf(String(msg.headers.ticket));
    const target = results[index];
    if (!target || !isRecord(msg.body)) return;
    // Body is {"<worker hostname>": <reply>}.
    for (const [hostname, reply] of Object.entries(msg.body)) target[hostname] = reply;
  }
}

/** A control reply as Celery shapes it: {"ok": "..."} or {"error": "..."}. */
export type { ControlOutcome };

export function outcomes(replies: Replies): ControlOutcome[] {
  return Object.entries(replies)
    .map(([worker, reply]) => {
      const out: ControlOutcome = { worker };
      if (isRecord(reply)) {
        if (typeof reply.ok === "string") out.ok = reply.ok;
        if (typeof reply.error === "string") out.error = reply.error;
      }
      if (out.ok === undefined && out.error === undefined) out.error = `unexpected reply: ${JSON.stringify(reply)}`;
      return out;
    })
    .sort((a, b) => a.worker.localeCompare(b.worker));
}
