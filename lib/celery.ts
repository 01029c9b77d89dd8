import { z } from "zod";

// Celery shapes the API returns, camelCase (the mapping from Celery's snake_case replies is
// server/brokers/celery/map.ts), and the request bodies its control routes and forms share.

export interface CeleryWorkerDto {
  hostname: string;
  /** Tasks running right now (from `active`). */
  active: number;
  /** Tasks this worker has received since it started (sum of stats.total). */
  processed: number;
  /** "prefork", "threads", "solo", "green" or "unknown". */
  pool: string;
  concurrency: number | null;
  /** Celery version (Celery's own `sw_ver`); null until a `report` reply told us. */
  version: string | null;
  pid: number | null;
  uptime: number | null;
  queues: string[];
}

export interface CeleryQueueDto {
  /** The queue's name: the id the API routes and the series (seriesKey.queue) use. */
  id: string;
  name: string;
  /** Messages waiting: LLEN of the list plus its priority sub-lists. */
  depth: number;
}

export interface CeleryTaskDto {
  id: string;
  name: string;
  worker: string;
  /** ISO 8601, from the worker's `time_start` (unix seconds). */
  startedAt: string | null;
  /** Backend state: STARTED, PROGRESS, ... or null when the backend has nothing (yet). */
  state: string | null;
  /** 0..1 from PROGRESS meta {current, total}; null when the task does not report progress. */
  progress: number | null;
  /** The PROGRESS meta itself, as the task stored it. */
  meta: Record<string, unknown> | null;
  args: string;
}

/** Signals a revoke with terminate may send to the pool process running the task. */
export const REVOKE_SIGNALS = ["TERM", "KILL"] as const;

/** POST .../tasks/{taskId}/revoke. terminate also kills the pool process running the task. */
export const revokeBodySchema = z.strictObject({
  terminate: z.boolean().optional(),
  signal: z.enum(REVOKE_SIGNALS).optional(),
});
export type RevokeBody = z.infer<typeof revokeBodySchema>;

/** PUT .../task-types/{name}/rate-limit: "10/m", "5/s", "100" (per second); "" or "0" = no limit. */
export const taskRateLimitBodySchema = z.strictObject({
  rate: z.string().regex(/^(?:\d+(?:\.\d+)?(?:\/[smh])?)?$/, 'a rate such as "10/m", "5/s" or "100"; "" or "0" for none'),
});
export type TaskRateLimitBody = z.infer<typeof taskRateLimitBodySchema>;

/** A task type as Celery names it (e.g. "demo.add"). */
export const taskNameSchema = z.string().min(1, "a task name is required").max(255);

/** What a revoke or rate-limit answers: which workers acknowledged within the reply window. */
export interface CeleryControlReplyDto {
  ok: boolean;
  /** Hostnames of the workers that answered ok. */
  acknowledged: string[];
  /** Hostnames of the workers known to the source that did not answer in time. */
  noReply: string[];
}
