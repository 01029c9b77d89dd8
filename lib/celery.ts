// Celery shapes the API returns, camelCase (the mapping from Celery's snake_case replies is
// server/brokers/celery/map.ts). Isomorphic: route handlers and panels share them.

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
