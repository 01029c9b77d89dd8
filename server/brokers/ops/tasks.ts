import "server-only";

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
