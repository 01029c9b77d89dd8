import "server-only";
import type { CeleryWorkerDetailDto, CeleryWorkerQueueDto, CeleryWorkerTaskDto } from "@/lib/celery";
import { isRecord } from "./envelope";
import { describePool } from "./map";
import { REGISTERED_CALL, registeredOf } from "./task-types";
import type { ControlCall, Replies } from "./transport";

// One worker's detail from one round of inspect commands sent to it alone: stats, the tasks it
// runs (active), has prefetched (reserved) and holds for their ETA (scheduled), the queues it
// consumes and the task types it registered with their rate limits.

/** In this order: workerDetailOf reads the replies by position. */
export const WORKER_DETAIL_CALLS: ControlCall[] = [
  { method: "stats" },
  { method: "active" },
  { method: "reserved" },
  { method: "scheduled" },
  { method: "active_queues" },
  REGISTERED_CALL,
];

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** A task as request.info() shapes it (active, reserved, and a scheduled entry's `request`). */
export function workerTask(info: unknown, scheduled?: { eta: unknown; priority: unknown }): CeleryWorkerTaskDto | null {
  if (!isRecord(info) || typeof info.id !== "string") return null;
  const delivery = isRecord(info.delivery_info) ? info.delivery_info : {};
  const started = num(info.time_start);
  const etaMs = Date.parse(str(scheduled?.eta) ?? "");
  return {
    id: info.id,
    name: str(info.name) ?? str(info.type) ?? "?",
    // Arguments can be big or private: a preview is enough here.
    args: JSON.stringify({ args: info.args ?? [], kwargs: info.kwargs ?? {} }).slice(0, 200),
    startedAt: started === null ? null : new Date(started * 1000).toISOString(),
    acknowledged: info.acknowledged === true,
    eta: Number.isNaN(etaMs) ? null : new Date(etaMs).toISOString(),
    priority: num(scheduled?.priority) ?? num(delivery.priority),
  };
}

function tasks(reply: unknown): CeleryWorkerTaskDto[] {
  return Array.isArray(reply) ? reply.map((t) => workerTask(t)).filter((t) => t !== null) : [];
}

function scheduledTasks(reply: unknown): CeleryWorkerTaskDto[] {
  if (!Array.isArray(reply)) return [];
  return reply
    .map((e) => (isRecord(e) ? workerTask(e.request, { eta: e.eta, priority: e.priority }) : null))
    .filter((t) => t !== null)
    .sort((a, b) => (a.eta ?? "").localeCompare(b.eta ?? ""));
}

/** active_queues: kombu's Queue.as_dict (name, exchange {name}, routing_key). */
export function workerQueues(reply: unknown): CeleryWorkerQueueDto[] {
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((q) => {
    if (!isRecord(q) || typeof q.name !== "string") return [];
    const exchange = isRecord(q.exchange) ? str(q.exchange.name) : str(q.exchange);
    return [{ name: q.name, exchange, routingKey: str(q.routing_key) }];
  });
}

function autoscaleOf(v: unknown): CeleryWorkerDetailDto["autoscale"] {
  if (!isRecord(v)) return null;
  const [max, min, current] = [num(v.max), num(v.min), num(v.current)];
  return max === null || min === null ? null : { max, min, current: current ?? 0 };
}

/** The worker's detail from the replies to WORKER_DETAIL_CALLS; null when it did not answer `stats`. */
export function workerDetailOf(hostname: string, replies: Replies[]): Omit<CeleryWorkerDetailDto, "loadavg"> | null {
  const [stats, active, reserved, scheduled, queues, registered] = replies.map((r) => r[hostname]);
  if (!isRecord(stats)) return null;
  const totals = isRecord(stats.total) ? stats.total : {};
  const processedByType = Object.fromEntries(Object.entries(totals).filter((e): e is [string, number] => typeof e[1] === "number"));
  return {
    id: hostname,
    hostname,
    ...describePool(stats.pool),
    autoscale: autoscaleOf(stats.autoscaler),
    prefetchCount: num(stats.prefetch_count),
    processed: Object.values(processedByType).reduce((s, n) => s + n, 0),
    processedByType,
    pid: num(stats.pid),
    uptime: num(stats.uptime),
    queues: workerQueues(queues),
    active: tasks(active),
    reserved: tasks(reserved),
    scheduled: scheduledTasks(scheduled),
    registered: registeredOf(registered),
  };
}
