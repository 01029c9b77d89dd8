import { z } from "zod";
import type { ReasonGroup } from "./error-signature";
import { sourceParamsSchema, timeParamSchema } from "./schemas";

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
  /** From heartbeats (and replies): offline after two missed heartbeat intervals. */
  status: "online" | "offline";
  /** ISO 8601 of the last heartbeat or reply; null when only the snapshot knows it. */
  lastSeenAt: string | null;
  /** 1, 5 and 15 minute load average from the last heartbeat. */
  loadavg: number[] | null;
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

// ---- Task history (from the events receiver; kept in the store, survives restarts) ----

/** Celery's own state names, as the task API filters and returns them. */
export const CELERY_STATES = ["PENDING", "RECEIVED", "STARTED", "RETRY", "SUCCESS", "FAILURE", "REVOKED"] as const;
export type CeleryState = (typeof CELERY_STATES)[number];

/**
 * The task events a history understands ("task-succeeded" -> "succeeded", the timeline's step
 * names) and the state each leads to; null: a timeline step that changes no state.
 */
export const TASK_EVENT_STATE: Readonly<Record<string, CeleryState | null>> = {
  sent: "PENDING",
  received: "RECEIVED",
  started: "STARTED",
  retried: "RETRY",
  succeeded: "SUCCESS",
  failed: "FAILURE",
  revoked: "REVOKED",
  rejected: null,
};

/** One step of a task's life, from one event ("task-started" -> "started"). */
export interface CeleryTimelineStepDto {
  /** "sent", "received", "started", "retried", "succeeded", "failed", "revoked", "rejected". */
  event: string;
  /** ISO 8601 (the sender's clock). */
  at: string;
  worker: string | null;
  /** Short text for the step: the exception of a retry or failure, "terminated (SIGTERM)" of a revoke. */
  detail?: string | null;
}

/** A row of GET .../tasks: newest first. */
export interface CeleryTaskSummaryDto {
  id: string;
  name: string | null;
  state: CeleryState;
  worker: string | null;
  queue: string | null;
  /** Repr of args/kwargs as the worker reported them, cut to 200 characters. */
  argsPreview: string;
  sentAt: string | null;
  receivedAt: string | null;
  startedAt: string | null;
  /** When it succeeded, failed or was revoked. */
  finishedAt: string | null;
  /** Seconds the task ran (task-succeeded's runtime). */
  runtime: number | null;
  retries: number;
  /** First line of the exception of a failure or retry. */
  exception: string | null;
  parentId: string | null;
  rootId: string | null;
  /** ISO 8601 of the first event seen of the task: what the list is ordered by and from/to filter on. */
  seenAt: string;
}

/** GET .../tasks?state=&name=&worker=&q=&from=&to=&cursor=&limit= */
export interface CeleryTaskPageDto {
  items: CeleryTaskSummaryDto[];
  /** Pass as `cursor` for the next (older) page; null on the last one. */
  nextCursor: string | null;
}

/** A relative in a task's family tree (chains, groups and chords). */
export interface CeleryTaskNodeDto {
  id: string;
  name: string | null;
  state: CeleryState;
  children: CeleryTaskNodeDto[];
  /**
   * Set on a node standing for a group whose members have no parent task (a group sent by a
   * client): its id is the group id, its state summarizes the members'.
   */
  group?: true;
}

/** GET .../tasks/{taskId} */
export interface CeleryTaskDetailDto extends CeleryTaskSummaryDto {
  /** JSON-ish text as the worker reported them (argsrepr/kwargsrepr); null when no event carried them. */
  args: string | null;
  kwargs: string | null;
  /** The result's repr (task-succeeded). */
  result: string | null;
  traceback: string | null;
  eta: string | null;
  expires: string | null;
  exchange: string | null;
  routingKey: string | null;
  timeline: CeleryTimelineStepDto[];
  /** The whole family from the root, this task included; null when it has none. */
  family: CeleryTaskNodeDto | null;
  /** True when the family has more members than the page draws (FAMILY_LIMIT); the tree is then partial. */
  familyTruncated: boolean;
  /** Celery's group id, when an event carried it (Celery 5.2's own events do not). */
  groupId: string | null;
  /** Task this one was retried from by QueueDeck, and the retries QueueDeck sent of it. */
  retriedFrom: string | null;
  retriedAs: string[];
  /** Whether the dashboard knows args and kwargs exactly (needed to retry it). */
  retryable: boolean;
}

/** GET .../tasks/stats?name=&from=&to=: per minute, for the source or one task name. */
export interface CeleryTaskStatsDto {
  points: {
    /** Start of the minute, ms since epoch. */
    t: number;
    succeeded: number;
    failed: number;
    /** Seconds; null when nothing finished in that minute. */
    runtimeP50: number | null;
    runtimeP95: number | null;
    runtimeP99: number | null;
    /** received -> started, seconds (median). */
    waitP50: number | null;
  }[];
}

/** Most relatives one task page draws in its family tree. */
export const FAMILY_LIMIT = 1000;
/** Widest window GET .../tasks/stats serves: one point per minute. */
export const TASK_STATS_MAX_WINDOW_MS = 24 * 60 * 60_000;
/** The task list's keyset cursor: "<seen at, ms>-<row>", as nextCursor gives it. */
export const TASK_CURSOR_PATTERN = /^\d{1,15}-\d{1,15}$/;

// An empty query parameter (a form's blank field) means "no filter".
const param = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** "FAILURE" or "FAILURE,RETRY". */
const statesParam = z
  .string()
  .transform((s) => [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))])
  .pipe(z.array(z.enum(CELERY_STATES, { error: `a Celery state: ${CELERY_STATES.join(", ")}` })).min(1, "at least one state"));

const FILTERS = ["state", "name", "worker", "q", "from", "to", "cursor"] as const;

/**
 * GET .../tasks: the task history, newest first, filtered. `active=1` instead lists the tasks
 * running now (the collector's snapshot, CeleryTaskDto items) and takes no filter.
 */
export const celeryTaskListQuerySchema = z
  .object({
    active: param(z.enum(["1", "true"], { error: 'active takes "1"' })),
    state: param(statesParam),
    name: param(taskNameSchema),
    worker: param(z.string().max(255)),
    /** Text in args, kwargs or the exception (substring, any case), or the start of a task id. */
    q: param(z.string().trim().min(3, "search text needs at least 3 characters").max(200)),
    from: param(timeParamSchema),
    to: param(timeParamSchema),
    cursor: param(z.string().regex(TASK_CURSOR_PATTERN, "a nextCursor from a previous page")),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: "from must not be after to", path: ["from"] })
  .refine((q) => !q.active || FILTERS.every((f) => q[f] === undefined), { message: "active=1 lists the running tasks and takes no filter", path: ["active"] });
export type CeleryTaskListQuery = z.output<typeof celeryTaskListQuerySchema>;
export type CeleryTaskFilter = Omit<CeleryTaskListQuery, "active">;

/** A per-minute window of task stats, unix ms; `name` narrows it to one task name. */
export interface CeleryTaskStatsQuery {
  name?: string;
  from: number;
  to: number;
}

/** GET .../tasks/stats: the last hour unless from/to say otherwise; at most TASK_STATS_MAX_WINDOW_MS. */
export const celeryTaskStatsQuerySchema = z
  .object({ name: param(taskNameSchema), from: param(timeParamSchema), to: param(timeParamSchema) })
  .transform(({ name, from, to }): CeleryTaskStatsQuery => {
    const end = to ?? Date.now();
    return { ...(name !== undefined ? { name } : {}), from: from ?? end - 60 * 60_000, to: end };
  })
  .refine((q) => q.from < q.to, { message: "from must be before to", path: ["from"] })
  .refine((q) => q.to - q.from <= TASK_STATS_MAX_WINDOW_MS, { message: "the window is at most 24 hours", path: ["from"] });

// ---- Worker actions: task types, one worker's detail, pool, consumers, retry ----

/** A task type on one worker: Celery applies rate limits per worker, so each has its own. */
export interface CeleryTaskTypeWorkerDto {
  worker: string;
  /** "10/m", "5/s", "100" (per second); null when this worker has no limit. */
  rateLimit: string | null;
}

/** A row of GET .../task-types: the workers that have it registered, each with its rate limit. */
export interface CeleryTaskTypeDto {
  /** The task's name ("demo.add"): what task-type routes take. */
  id: string;
  name: string;
  workers: CeleryTaskTypeWorkerDto[];
}

/** GET .../task-types: a live `inspect registered`, merged across the workers that answered. */
export interface CeleryTaskTypeListDto {
  items: CeleryTaskTypeDto[];
  /** Workers that answered, and those the collector knows that did not answer in time. */
  answered: string[];
  noReply: string[];
}

/** A task a worker holds: running (active), prefetched (reserved) or waiting for its ETA (scheduled). */
export interface CeleryWorkerTaskDto {
  id: string;
  name: string;
  /** args and kwargs as JSON text, cut to 200 characters. */
  args: string;
  /** ISO 8601 of when it started running; null when it has not. */
  startedAt: string | null;
  acknowledged: boolean;
  /** Scheduled tasks (eta/countdown): when the worker will run it. */
  eta: string | null;
  priority: number | null;
}

export interface CeleryWorkerQueueDto {
  name: string;
  exchange: string | null;
  routingKey: string | null;
}

/** GET .../workers/{worker}: one worker's live stats, queues and held tasks (one broadcast to it). */
export interface CeleryWorkerDetailDto {
  /** The hostname, as in the worker list. */
  id: string;
  hostname: string;
  pool: string;
  /** Pool processes or threads now: follows grow, shrink and autoscale. */
  concurrency: number | null;
  /** Set when the worker runs with --autoscale. */
  autoscale: { max: number; min: number; current: number } | null;
  prefetchCount: number | null;
  /** Tasks received since start, in all and per task type. */
  processed: number;
  processedByType: Record<string, number>;
  pid: number | null;
  uptime: number | null;
  /** From the last heartbeat the collector saw; null without one. */
  loadavg: number[] | null;
  queues: CeleryWorkerQueueDto[];
  active: CeleryWorkerTaskDto[];
  reserved: CeleryWorkerTaskDto[];
  scheduled: CeleryWorkerTaskDto[];
  /** Task types it can run, with its own rate limit of each. */
  registered: { name: string; rateLimit: string | null }[];
}

export const workerParamsSchema = sourceParamsSchema.extend({ worker: z.string().min(1).max(255) });

const poolStep = z.number().int().min(1, "at least 1").max(64, "at most 64 at a time");
/** POST .../workers/{worker}/pool: exactly one of grow, shrink (by N) or autoscale [max, min]. */
export const poolBodySchema = z
  .strictObject({
    grow: poolStep.optional(),
    shrink: poolStep.optional(),
    autoscale: z
      .tuple([z.number().int().min(1, "max at least 1").max(1000), z.number().int().min(0, "min at least 0").max(1000)])
      .refine(([max, min]) => max >= min, "max must be at least min")
      .optional(),
  })
  .refine((b) => [b.grow, b.shrink, b.autoscale].filter((v) => v !== undefined).length === 1, "give exactly one of grow, shrink or autoscale");
export type PoolBody = z.infer<typeof poolBodySchema>;

/** POST .../workers/{worker}/consumers: start (add) or stop (cancel) consuming a queue. */
export const consumerBodySchema = z.strictObject({
  queue: z.string().min(1, "a queue name is required").max(255),
  action: z.enum(["add", "cancel"]),
});
export type ConsumerBody = z.infer<typeof consumerBodySchema>;

/** POST .../tasks/{taskId}/retry: the new task's id (same name, args, kwargs and routing). */
export interface CeleryRetryResultDto {
  taskId: string;
  retriedFrom: string;
  queue: string;
}

/**
 * GET .../dead-letters on a Celery source: its failed tasks (from the task history), one row
 * per task name. They are retried one by one with POST .../tasks/{taskId}/retry.
 */
export interface CeleryDeadLetterDto {
  /** The task name: also what `GET .../tasks?state=FAILURE&name=` lists. */
  id: string;
  name: string;
  /** Where the letters came from: the task name (Celery has no origin queue per failure). */
  origin: string;
  /** Failed tasks of this name still in the history. */
  count: number;
  /** ms since epoch of the first and last failure seen. */
  oldest: number;
  newest: number;
  /** Most frequent exception first lines, most frequent first (at most 3). */
  topExceptions: { message: string; count: number }[];
  /** The failures' exceptions grouped by error signature (lib/error-signature), the commonest first (at most 3). */
  topReasons: ReasonGroup[];
}
