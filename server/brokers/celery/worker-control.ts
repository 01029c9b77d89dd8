import "server-only";
import { invalid } from "@/server/errors";
import type { PoolChange } from "../ops/tasks";
import type { ControlCall } from "./transport";

// The remote-control commands that change a worker: its pool (pool_grow, pool_shrink,
// autoscale) and the queues it consumes (add_consumer, cancel_consumer). Celery answers each
// with {"ok": ...} or {"error": ...}: a worker started with --autoscale refuses grow and shrink,
// one without it refuses autoscale, a pool whose processes are all busy refuses to shrink.

/** Hostnames as Celery prints them ("w1@host"): no spaces or control characters. */
const HOSTNAME = /^[^\s\x00-\x1f]{1,255}$/;

export function checkHostname(hostname: string): string {
  if (!HOSTNAME.test(hostname)) throw invalid(`invalid worker name "${hostname.slice(0, 80)}": use the hostname from the worker list`);
  return hostname;
}

export function checkQueueName(queue: string): string {
  if (queue.length === 0 || queue.length > 255 || /[\x00-\x1f]/.test(queue)) throw invalid("a queue name must be 1-255 printable characters");
  return queue;
}

export function poolCall(change: PoolChange): ControlCall {
  const count = (n: number, what: string) => {
    if (!Number.isInteger(n) || n < 1 || n > 64) throw invalid(`${what} by 1 to 64 at a time`);
    return n;
  };
  if ("grow" in change) return { method: "pool_grow", arguments: { n: count(change.grow, "grow") } };
  if ("shrink" in change) return { method: "pool_shrink", arguments: { n: count(change.shrink, "shrink") } };
  const [max, min] = change.autoscale;
  if (!Number.isInteger(max) || !Number.isInteger(min) || min < 0 || max < 1 || max < min || max > 1000) {
    throw invalid("autoscale needs whole numbers max >= min >= 0, max 1-1000");
  }
  return { method: "autoscale", arguments: { max, min } };
}

/** What Celery's own client sends for add_consumer (a direct exchange named after the queue). */
export function consumerCall(queue: string, action: "add" | "cancel"): ControlCall {
  checkQueueName(queue);
  if (action === "cancel") return { method: "cancel_consumer", arguments: { queue } };
  return { method: "add_consumer", arguments: { queue, exchange: null, exchange_type: "direct", routing_key: null } };
}
