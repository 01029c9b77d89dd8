import "server-only";
import type { Channel, Message } from "amqplib";
import { rabbitReasonText, type DelayedRetryBody, type ReplayBody } from "@/lib/rabbitmq";
import { errorSignature } from "@/lib/error-signature";
import { messageKey, parseDeaths } from "./message-map";
import type { Decision } from "./pipe";

/** The selection part of replay and delayed retry: reason, origin queue, error signature, message keys. */
export interface Selection {
  reason?: string;
  origin?: string;
  signature?: string;
  keys?: readonly string[];
}

/**
 * Skips what the selection leaves out; `found` counts selected keys so that a move of a few
 * picked messages ends as soon as they were all seen instead of reading the whole queue.
 */
export function selector(sel: Selection) {
  const keys = sel.keys ? new Set(sel.keys) : undefined;
  const found = new Set<string>();
  const filtering = Boolean(sel.reason || sel.origin || sel.signature || keys);
  return {
    skip(msg: Message): boolean {
      if (!filtering) return false;
      const latest = parseDeaths(msg.properties.headers)[0];
      if (sel.reason && latest?.reason !== sel.reason) return true;
      if (sel.origin && latest?.queue !== sel.origin) return true;
      if (sel.signature && messageSignature(msg, latest?.reason) !== sel.signature) return true;
      if (keys) {
        const k = messageKey(msg);
        if (!keys.has(k)) return true;
        found.add(k);
      }
      return false;
    },
    allFound: () => keys !== undefined && found.size >= keys.size,
  };
}

/** A dead letter's error signature, as the inbox groups the reasons a peek learnt. */
export function messageSignature(msg: Message, latestReason = parseDeaths(msg.properties.headers)[0]?.reason): string {
  return errorSignature(rabbitReasonText(msg.properties.headers, latestReason));
}

/** Runs a call on a fresh channel of the right vhost and closes it (VhostLinks.withChannel). */
export type WithChannel = <T>(fn: (ch: Channel) => Promise<T>) => Promise<T>;

/**
 * Caches "does this exist" answers; each check runs on a throwaway channel (a 404 closes it).
 * A settled answer is returned as a plain boolean so the hot path of a move needs no await.
 */
export function existenceCache(withChannel: WithChannel, kind: "exchange" | "queue") {
  const known = new Map<string, Promise<boolean>>();
  const settled = new Map<string, boolean>();
  return (name: string): boolean | Promise<boolean> => {
    const answer = settled.get(name);
    if (answer !== undefined) return answer;
    let p = known.get(name);
    if (!p) {
      p = withChannel(async (ch) => {
        if (kind === "exchange") await ch.checkExchange(name);
        else await ch.checkQueue(name);
      }).then(
        () => (settled.set(name, true), true),
        () => (settled.set(name, false), false),
      );
      known.set(name, p);
    }
    return p;
  };
}

/**
 * Replay: to the picked queue, or back where the message last died. The x-death entry names
 * the exchange and routing keys it was published with (routing key + CC): publishing the same
 * way repeats the original routing; an empty exchange means "straight to the queue".
 */
export function replayDecider(body: ReplayBody, exchangeExists: (name: string) => boolean | Promise<boolean>, sel = selector(body)) {
  const toTarget: Decision | undefined = body.target ? { route: { exchange: "", routingKey: body.target } } : undefined;
  return (msg: Message): Decision | Promise<Decision> => {
    if (sel.skip(msg)) return { skip: true };
    if (toTarget) return toTarget;
    const latest = parseDeaths(msg.properties.headers)[0];
    if (!latest?.queue) return { fail: "no x-death header: where it died is unknown" };
    const [routingKey, ...cc] = latest.routingKeys;
    if (body.mode === "origin-queue" || latest.exchange === "" || routingKey === undefined) {
      return { route: { exchange: "", routingKey: latest.queue } };
    }
    const route: Decision = { route: { exchange: latest.exchange, routingKey, cc } };
    const exists = exchangeExists(latest.exchange);
    const decide = (ok: boolean): Decision => (ok ? route : { fail: `exchange "${latest.exchange}" no longer exists` });
    return typeof exists === "boolean" ? decide(exists) : exists.then(decide);
  };
}

export const retryQueueName = (origin: string, delayMs: number) => `${origin}.qd-retry.${delayMs}`;

/**
 * Delayed retry: into `<origin>.qd-retry.<delay>`, declared on first use with a message TTL
 * and a dead-letter route back to the origin queue. The origin must exist: a message
 * dead-lettered to a missing queue is dropped by the broker, which would be a loss.
 */
export function delayedRetryDecider(
  body: DelayedRetryBody,
  withChannel: WithChannel,
  queueExists: (name: string) => boolean | Promise<boolean>,
  sel = selector(body),
) {
  const declared = new Map<string, Promise<void>>();
  const declare = (origin: string, name: string) => {
    let p = declared.get(name);
    if (!p) {
      p = withChannel(async (ch) => {
        await ch.assertQueue(name, {
          durable: true,
          arguments: {
            "x-message-ttl": body.delayMs,
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": origin,
            // Unused retry queues go away; every message has left long before (TTL < expiry).
            "x-expires": body.delayMs + 3600_000,
          },
        });
      });
      declared.set(name, p);
    }
    return p;
  };
  return async (msg: Message): Promise<Decision> => {
    if (sel.skip(msg)) return { skip: true };
    const origin = parseDeaths(msg.properties.headers)[0]?.queue;
    if (!origin) return { fail: "no x-death header: the queue to retry into is unknown" };
    const name = retryQueueName(origin, body.delayMs);
    if (Buffer.byteLength(name) > 255) return { fail: `retry queue name for "${origin}" is over 255 bytes` };
    if (!(await queueExists(origin))) return { fail: `origin queue "${origin}" no longer exists` };
    await declare(origin, name);
    return { route: { exchange: "", routingKey: name } };
  };
}
