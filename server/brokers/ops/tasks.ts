import "server-only";
import type { CeleryTaskTypeDto, CeleryWorkerDetailDto } from "@/lib/celery";

// Task-level remote control of worker fleets (Celery today). Each call is broadcast to the
// workers; the answer lists who replied within the reply window, and what they said.

/** One worker's reply: `ok` with its text, or `error` (e.g. "unknown task"). */
export interface ControlOutcome {
  worker: string;
  ok?: string;
  error?: string;
}

export interface RevokeOptions {
  /** Also kill the process running it (with `signal`, SIGTERM by default). */
  terminate?: boolean;
  signal?: string;
  /** Only these workers; default all. */
  destination?: string[];
}

/** Capability `revoke`: a task id is refused by every worker, and killed where it runs if asked. */
export interface RevokeOps {
  /** Each answering worker's {ok}/{error}; empty when no worker answered within the window. */
  revoke(taskId: string, opts?: RevokeOptions): Promise<ControlOutcome[]>;
}

/** Capability `taskRateLimit`: a rate limit per task type, applied by each worker on its own. */
export interface TaskRateLimitOps {
  /** rate like "10/m", "5/s", "100" (per second); "0" or "" removes the limit. */
  setTaskRateLimit(taskName: string, rate: string, opts?: { destination?: string[] }): Promise<ControlOutcome[]>;
}

/** Capability `taskTypes`: every task type the workers registered, with each worker's rate limit. */
export interface TaskTypeOps {
  taskTypes(): Promise<{ items: CeleryTaskTypeDto[]; answered: string[] }>;
}

/** Capability `workerDetail`: one worker's stats, queues and held tasks; not_found when it does not answer. */
export interface WorkerDetailOps {
  /** Without loadavg (heartbeats know it, not the worker's replies). */
  workerDetail(hostname: string): Promise<Omit<CeleryWorkerDetailDto, "loadavg">>;
}

/** One pool change: grow or shrink by N processes, or a new autoscale range. */
export type PoolChange = { grow: number } | { shrink: number } | { autoscale: [max: number, min: number] };

/** Capability `workerPool`: resize a worker's pool (a worker with autoscale refuses grow and shrink). */
export interface WorkerPoolOps {
  resizePool(hostname: string, change: PoolChange): Promise<ControlOutcome[]>;
}

/** Capability `workerConsumers`: chosen workers start (add) or stop (cancel) consuming a queue. */
export interface WorkerConsumerOps {
  setConsumer(workers: string[], queue: string, action: "add" | "cancel"): Promise<ControlOutcome[]>;
}

/** What a retry sends again: the stored task's name, arguments and routing. */
export interface TaskRetryInput {
  /** The task being retried; the new one carries it in its headers. */
  fromId: string;
  name: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  queue: string;
  exchange?: string | null;
  routingKey?: string | null;
}

/** Capability `taskRetry`: publishes the task again under a new id. */
export interface TaskRetryOps {
  retry(input: TaskRetryInput): Promise<{ taskId: string; queue: string }>;
}
