import { z } from "zod";
import { sourceParamsSchema } from "./schemas";

// Celery shapes the API returns, camelCase (the mapping from Celery's snake_case replies is
// server/brokers/celery/map.ts), and the request bodies its control routes and forms share.

export interface CeleryWorkerDto {
  /** The worker's hostname ("w1@host"): what worker routes take. */
  id: string;
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

export const taskParamsSchema = sourceParamsSchema.extend({ taskId: z.string().min(1).max(255) });
export const taskTypeParamsSchema = sourceParamsSchema.extend({ name: z.string().min(1).max(255) });

/** POST .../tasks/{taskId}/revoke. terminate also kills the pool process running the task, with `signal`. */
export const revokeBodySchema = z.strictObject({
  terminate: z.boolean().default(false),
  signal: z.enum(REVOKE_SIGNALS).default("TERM"),
});
export type RevokeBody = z.input<typeof revokeBodySchema>;

/** Celery's rate syntax: N per second, or N/s, N/m, N/h; "" or "0" removes the limit. */
export const TASK_RATE_PATTERN = /^(\d+(\.\d+)?)(\/[smh])?$/;
/** PUT .../task-types/{name}/rate-limit: "10/m", "5/s", "100" (per second); "" or "0" = no limit. */
export const taskRateLimitBodySchema = z.strictObject({
  rate: z
    .string()
    .max(32)
    .refine((r) => r === "" || TASK_RATE_PATTERN.test(r), 'a rate such as "10/m", "5/s" or "100"; "" or "0" for none'),
});
export type TaskRateLimitBody = z.infer<typeof taskRateLimitBodySchema>;

/** A task type as Celery names it (e.g. "demo.add"). */
export const taskNameSchema = z.string().min(1, "a task name is required").max(255);

/**
 * What a revoke or rate-limit answers: the workers that acknowledged, those that refused (e.g. an
 * unknown task) and those known to the source that did not answer within the reply window.
 * `ok` when every expected worker acknowledged.
 */
export interface CeleryControlReplyDto {
  ok: boolean;
  /** Worker hostnames. */
  acknowledged: string[];
  noReply: string[];
  refused: { worker: string; error: string }[];
}
