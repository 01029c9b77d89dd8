import { z } from "zod";
import { timeParamSchema } from "./schemas";
import type { CeleryState } from "./celery";

// Periodic Celery tasks ("beat view"), inferred from the task history: QueueDeck cannot read
// celery beat's schedule file, but beat sends the same task with the same arguments at a regular
// interval, and the history records every send.

/**
 * on-time: the next run is not due yet (or due within the slack);
 * late: due for longer than the slack; missed: at least one whole interval has gone by with no run
 * (beat down or stuck, or no worker consuming its events).
 */
export const PERIODIC_STATUSES = ["on-time", "late", "missed"] as const;
export type PeriodicStatus = (typeof PERIODIC_STATUSES)[number];

/** One inferred periodic task: a task name with one args/kwargs repr, sent at a regular interval. */
export interface CeleryPeriodicTaskDto {
  /** Name, args and kwargs: what makes two sends "the same periodic task". */
  id: string;
  name: string;
  /** Reprs as the task events carried them (cut at 1 KiB by Celery). */
  args: string | null;
  kwargs: string | null;
  /** Median of the regular intervals between sends, seconds. */
  intervalSeconds: number;
  /** Sends read in the window (each a task of the history). */
  runs: number;
  /** Of those, how many ended FAILURE. */
  failures: number;
  /** Runs that should have come and did not: gaps between sends in the window, and since the last send. */
  missedRuns: number;
  /** ISO 8601 of the oldest and newest send read. */
  firstRunAt: string;
  lastRunAt: string;
  lastTaskId: string;
  lastState: CeleryState;
  /** lastRunAt + interval. */
  nextExpectedAt: string;
  status: PeriodicStatus;
  /** How long past nextExpectedAt it is, seconds; 0 while not due. */
  overdueSeconds: number;
}

/** GET /sources/{id}/periodic-tasks */
export interface CeleryPeriodicTaskListDto {
  items: CeleryPeriodicTaskDto[];
  /** The window read, ms since epoch; `to` is also the "now" the statuses are judged at. */
  from: number;
  to: number;
  /** Task rows read from the history. */
  scanned: number;
  /** True when a bound cut the read (rows per name or in all): older sends were not read. */
  truncated: boolean;
}

export const PERIODIC_DEFAULT_WINDOW_MS = 24 * 60 * 60_000;
export const PERIODIC_MAX_WINDOW_MS = 7 * 24 * 60 * 60_000;

// An empty query parameter (a form's blank field) means "not given".
const param = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** GET .../periodic-tasks?from=&to=: the last 24 hours unless said otherwise, at most 7 days. */
export const periodicTasksQuerySchema = z
  .object({ from: param(timeParamSchema), to: param(timeParamSchema) })
  .transform(({ from, to }) => {
    const end = to ?? Date.now();
    return { from: from ?? end - PERIODIC_DEFAULT_WINDOW_MS, to: end };
  })
  .refine((q) => q.from < q.to, { message: "from must be before to", path: ["from"] })
  .refine((q) => q.to - q.from <= PERIODIC_MAX_WINDOW_MS, { message: "the window is at most 7 days", path: ["from"] });
export type PeriodicTasksQuery = z.output<typeof periodicTasksQuerySchema>;
