import "server-only";
import type {
  CancelResultDto,
  JobDetailDto,
  JobPageDto,
  JobStateName,
  SearchPageDto,
  ThroughputDto,
} from "@/lib/bullmq";
import type { ProgressSink } from "./progress";

/** What a long job action reports as it goes. */
export type JobProgressSink = ProgressSink;

/** Whether a failed job's failedReason is one an action takes (e.g. has an error signature). */
export type FailedReasonMatch = (failedReason: string | null) => boolean;

/** How many jobs an action touched, for the audit log. */
export type ActionCounts = Record<string, number>;

/**
 * Job-level operations of job queues (BullMQ today): capability `jobs`; pausing and the
 * queue-wide limits are PauseOps and QueueLimitOps below. Queues are named by the opaque id the list items carry. Methods throw DomainErrors
 * (not_found unknown queue or job, conflict, unavailable) and never leak
 * connection strings.
 */
export interface JobOps {
  /** One page of jobs in a state, newest first; bounded by MAX_PAGE_SIZE. */
  listJobs(queueId: string, q: { state: JobStateName; limit: number; cursor?: string }): Promise<JobPageDto>;
  /** Everything about one job, or undefined when there is no such job. */
  getJob(queueId: string, jobId: string): Promise<JobDetailDto | undefined>;
  /** One bounded slice of a search; call again with nextCursor until done. */
  searchJobs(queueId: string, q: { q: string; states: JobStateName[]; cursor?: string }): Promise<SearchPageDto>;

  retryJob(queueId: string, jobId: string): Promise<ActionCounts>;
  removeJob(queueId: string, jobId: string): Promise<ActionCounts>;
  promoteJob(queueId: string, jobId: string): Promise<ActionCounts>;
  /** Asks the worker running the job (through attachCancellation) to abort it. */
  cancelJob(queueId: string, jobId: string, reason?: string): Promise<CancelResultDto>;

  /** How many jobs a bulk action would touch now: for the confirmation dialog and the operation's total. */
  countJobs(queueId: string, states: JobStateName[]): Promise<number>;
  /** Retries every failed (or completed) job in batches; reports progress; stops when cancelled. */
  retryAll(queueId: string, state: "failed" | "completed", progress: JobProgressSink): Promise<ActionCounts>;
  /** Failed jobs whose reason matches, counted over at most `limit` of the newest: for a confirmation. */
  countFailedMatching(queueId: string, match: FailedReasonMatch, limit: number): Promise<{ matching: number; examined: number; total: number }>;
  /** Retries the failed jobs whose reason matches, each atomically (failed → wait); reports progress; stops when cancelled. */
  retryFailedMatching(queueId: string, match: FailedReasonMatch, progress: JobProgressSink): Promise<ActionCounts>;
  promoteAll(queueId: string): Promise<ActionCounts>;
  clean(queueId: string, state: "completed" | "failed", olderThanMs: number): Promise<ActionCounts>;
  drain(queueId: string, delayed: boolean): Promise<ActionCounts>;
  /** Refused with 409 while jobs are active, unless force. */
  obliterate(queueId: string, force: boolean): Promise<ActionCounts>;
  /**
   * Completed and failed per minute from BullMQ's own metrics when workers record them; the
   * caller passes the collector's fallback. Plus wait/run percentiles over recent completed jobs.
   */
  throughput(
    queueId: string,
    range: { from: number; to: number },
    fallback: () => Promise<Pick<ThroughputDto, "completed" | "failed">>,
  ): Promise<ThroughputDto>;
}

/** Capability `pause`: stop and restart handing jobs to workers. */
export interface PauseOps {
  pause(queueId: string): Promise<ActionCounts>;
  resume(queueId: string): Promise<ActionCounts>;
}

/** Capability `queueRateLimit`: the queue's global rate limit and concurrency, across all workers. */
export interface QueueLimitOps {
  setRateLimit(queueId: string, max: number, durationMs: number): Promise<ActionCounts>;
  removeRateLimit(queueId: string): Promise<ActionCounts>;
  setConcurrency(queueId: string, concurrency: number): Promise<ActionCounts>;
  removeConcurrency(queueId: string): Promise<ActionCounts>;
}
