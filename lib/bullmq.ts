import { z } from "zod";
import type { DecodedPayload, SeriesPointDto } from "./dto";
import { queueParamsSchema } from "./schemas";

// BullMQ shapes the API returns and the request schemas its routes (and forms) share.

/** Job states as the API names them (BullMQ's names; "waiting" is Redis's `wait` list). */
export const JOB_STATES = ["waiting", "active", "delayed", "prioritized", "waiting-children", "completed", "failed"] as const;
export type JobStateName = (typeof JOB_STATES)[number];
/** What search looks through unless told otherwise. */
export const DEFAULT_SEARCH_STATES: JobStateName[] = ["failed", "completed", "waiting", "delayed"];
export const MAX_PAGE_SIZE = 100;
export const MAX_SEARCH_MATCHES = 500;

export type JobCounts = Record<JobStateName, number>;

/** One row of the queues list (served from the collector's snapshot). */
export interface BullQueueDto {
  /** Opaque and URL-safe: base64url of the queue name. */
  id: string;
  name: string;
  /** Jobs not started yet: waiting + prioritized + delayed + waiting-children (BullMQ's Queue.count()). */
  depth: number;
  counts: JobCounts;
  paused: boolean;
  rateLimit: { max: number; durationMs: number } | null;
  concurrency: number | null;
  /** Connected workers; null when Redis refuses CLIENT LIST (some managed services). */
  workers: number | null;
}

export interface WorkerDto {
  name: string;
  addr: string;
  /** Seconds since the connection opened / since its last command. */
  ageSec: number;
  idleSec: number;
}

/** GET .../queues/{queue} for BullMQ: the list item read live, plus its workers. */
export interface BullQueueDetailDto extends BullQueueDto {
  workerList: WorkerDto[] | null;
}

export interface JobSummaryDto {
  id: string;
  name: string;
  state: JobStateName | "unknown";
  attemptsMade: number;
  /** Attempts allowed (opts.attempts, 1 when unset). */
  attempts: number;
  /** When the job was added (ms). */
  timestamp: number;
  processedOn?: number;
  finishedOn?: number;
  delayMs?: number;
  priority?: number;
  /** First 300 characters; the job page has it in full. */
  failedReason?: string;
  progress?: unknown;
}

export interface JobPageDto {
  items: JobSummaryDto[];
  /** Jobs in this state right now. */
  total: number;
  nextCursor?: string;
}

export interface JobRefDto {
  queue: string;
  /** Null when the job lives under another prefix (then the dashboard cannot link it). */
  queueId: string | null;
  id: string;
}

export interface JobDetailDto extends JobSummaryDto {
  failedReason?: string;
  data: DecodedPayload;
  opts: DecodedPayload;
  returnvalue: DecodedPayload | null;
  stacktrace: string[];
  /** Time from added (plus any delay) to first processed, and from processed to finished. */
  waitMs?: number;
  runMs?: number;
  processedBy?: string;
  logs: { count: number; items: string[] };
  parent: JobRefDto | null;
  children: { processed: JobRefDto[]; pending: JobRefDto[]; processedCount: number; pendingCount: number };
}

export interface SearchPageDto {
  items: JobSummaryDto[];
  /** Jobs looked at so far, over all states searched, and how many there were at the start. */
  scanned: number;
  total: number;
  done: boolean;
  /** True when the search stopped at MAX_SEARCH_MATCHES: refine the query to see the rest. */
  capped?: boolean;
  nextCursor?: string;
}

export interface CancelResultDto {
  cancelled: boolean;
  /** Who took it: worker name, host and pid. */
  worker?: string;
  /** Connections subscribed to the queue's cancel channel (workers running attachCancellation). */
  listeners: number;
  message: string;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface ThroughputDto {
  /** Where the per-minute numbers come from. */
  basis: "bullmq-metrics" | "collector";
  from: number;
  to: number;
  completed: SeriesPointDto[];
  failed: SeriesPointDto[];
  latency: { sample: number; waitMs: Percentiles | null; runMs: Percentiles | null };
}

// ---- request schemas -------------------------------------------------------------------------

/** `?limit=&cursor=` (empty) means "not given", as forms and hand-written URLs send it. */
const optional = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === "" ? undefined : v), t.optional());
const cursor = z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, "an opaque cursor from a previous page");

export const jobParamsSchema = queueParamsSchema.extend({ jobId: z.string().min(1).max(256) });

export const jobsQuerySchema = z.strictObject({
  state: z.preprocess((v) => (v === "" ? undefined : v), z.enum(JOB_STATES).default("waiting")),
  limit: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(25)),
  cursor: optional(cursor),
});

const statesCsv = z
  .string()
  .max(200)
  .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.enum(JOB_STATES)).min(1, "name at least one state"));

export const searchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, "type something to search for").max(500),
  states: optional(statesCsv),
  cursor: optional(cursor),
});

export const retryAllSchema = z.strictObject({ state: z.enum(["failed", "completed"]).default("failed") });
export const cleanSchema = z.strictObject({
  state: z.enum(["completed", "failed"]),
  olderThanMs: z.number().int().min(0).max(10 * 365 * 24 * 3600_000),
});
export const drainSchema = z.strictObject({ delayed: z.boolean().default(true) });
export const obliterateSchema = z.strictObject({ force: z.boolean().default(false) });
export const emptyBodySchema = z.strictObject({});
export const cancelSchema = z.strictObject({ reason: z.string().max(200).optional() });
export const rateLimitSchema = z.strictObject({
  max: z.number().int().min(1).max(1_000_000),
  durationMs: z.number().int().min(1).max(24 * 3600_000),
});
export const concurrencySchema = z.strictObject({ concurrency: z.number().int().min(1).max(100_000) });

const time = z.union([z.coerce.number().int().nonnegative(), z.iso.datetime().transform((s) => Date.parse(s))]);
export const throughputQuerySchema = z
  .strictObject({ from: optional(time), to: optional(time) })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: "from must be before to", path: ["from"] });
