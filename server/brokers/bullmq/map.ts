import "server-only";
import type { MetricPoint } from "../adapter";
import { JOB_STATES, type BullQueueDto, type JobCounts } from "@/lib/bullmq";
import { seriesKey } from "@/lib/series-key";
import { fromBase64url } from "@/lib/base64url";
import { bullQueueIdOf } from "@/lib/urls";

/** The job states read per queue, in BullMQ's own names. BullMQ 6 has no "paused" list. */
export { JOB_STATES } from "@/lib/bullmq";
export type { JobCounts } from "@/lib/bullmq";
/** One row of the queues list. */
export type BullQueue = BullQueueDto;

export interface QueueReading {
  name: string;
  counts: Record<string, number>;
  paused: boolean;
  concurrency: number | null;
  rateLimit: { max: number; duration: number } | null;
  workers: number | null;
  /** BullMQ's own completed/failed counters, present only when workers record metrics. */
  totals: { completed: number | null; failed: number | null };
}

/** The opaque API id of a queue (lib/urls.ts builds the same one in the browser). */
export const bullQueueId = (name: string): string => bullQueueIdOf(name);

export function parseBullQueueId(id: string): string | null {
  return id === "" ? null : fromBase64url(id, { lenient: true });
}

export function mapCounts(raw: Record<string, number>): JobCounts {
  const counts = {} as JobCounts;
  for (const k of JOB_STATES) counts[k] = Number(raw[k] ?? 0) || 0;
  return counts;
}

export function mapQueue(r: QueueReading): BullQueue {
  const counts = mapCounts(r.counts);
  return {
    id: bullQueueId(r.name),
    name: r.name,
    depth: counts.waiting + counts.prioritized + counts.delayed + counts["waiting-children"],
    counts,
    paused: r.paused,
    rateLimit: r.rateLimit ? { max: r.rateLimit.max, durationMs: r.rateLimit.duration } : null,
    concurrency: r.concurrency,
    workers: r.workers,
  };
}

/** Headline numbers. `waiting` counts prioritized jobs too: both wait for a worker. */
export function bullStats(queues: BullQueue[]): Record<string, number> {
  let waiting = 0;
  let active = 0;
  let failed = 0;
  for (const q of queues) {
    waiting += q.counts.waiting + q.counts.prioritized;
    active += q.counts.active;
    failed += q.counts.failed;
  }
  return { queues: queues.length, waiting, active, failed };
}

/**
 * Per queue: depth and active (gauges); completed and failed as the sizes of those
 * sets, which only grow unless jobs are removed (removeOnComplete/removeOnFail trim
 * them). Where BullMQ's metrics counters exist, completedTotal/failedTotal are the
 * true monotonic totals, from which a chart can derive a rate.
 */
export function bullMetrics(readings: QueueReading[], queues: BullQueue[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  queues.forEach((q, i) => {
    const entity = seriesKey.queue(q.id);
    points.push(
      { entity, metric: "depth", value: q.depth },
      { entity, metric: "active", value: q.counts.active },
      { entity, metric: "completed", value: q.counts.completed },
      { entity, metric: "failed", value: q.counts.failed },
    );
    const totals = readings[i]?.totals;
    if (totals?.completed != null) points.push({ entity, metric: "completedTotal", value: totals.completed });
    if (totals?.failed != null) points.push({ entity, metric: "failedTotal", value: totals.failed });
  });
  return points;
}

/**
 * Counts workers per client name from one CLIENT LIST answer, with BullMQ's rule
 * (Queue.getWorkers): a worker's connection is named exactly `clientName` or starts
 * with `clientName:w:`. One CLIENT LIST per tick instead of one per queue.
 */
export function countWorkers(clientList: string, clientNames: string[]): number[] {
  const names: string[] = [];
  for (const line of clientList.split(/\r?\n/)) {
    const m = / name=(\S*)/.exec(` ${line}`);
    if (m?.[1]) names.push(m[1]);
  }
  return clientNames.map((cn) => names.filter((n) => n === cn || n.startsWith(`${cn}:w:`)).length);
}

/**
 * The connection name BullMQ gives a worker's blocking connection (create-backend.js in
 * BullMQ 6): `<prefix>:<base64 name>`, plus `:w:<worker name>` for named workers.
 * Queue.clientName() says the same but is protected.
 */
export function workerClientName(prefix: string, queueName: string): string {
  return `${prefix}:${Buffer.from(queueName, "utf8").toString("base64")}`;
}

/** "Redis 7.0.15" from INFO server. */
export function redisVersionOf(info: string): string | undefined {
  return /^redis_version:(\S+)/m.exec(info)?.[1];
}
