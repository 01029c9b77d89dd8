import "server-only";
import type { MinimalJob, Queue } from "bullmq";
import type IORedis from "ioredis";
import type { ActionCounts, FailedReasonMatch, JobProgressSink } from "../ops/jobs";
import { BULK_BATCH } from "./job-actions";

// Retrying the failed jobs whose error matches (the dead-letter inbox's reason groups): read the
// failed set's ids and failedReason in batches, then move each matching job back to wait with
// BullMQ's own reprocessJob script, the one Job.retry uses: atomic per job, so a job is always
// in exactly one of failed and wait, whatever stops the run.

/** Scripts in flight at once while retrying: a pipeline's worth, never a blocking burst. */
const RETRY_CONCURRENCY = 50;

interface Candidate {
  id: string;
  lifo: boolean;
}

/** One batch of the failed set (by position, oldest first): each id with its failedReason and lifo option. */
async function readBatch(redis: IORedis, queue: Queue, ids: string[]): Promise<{ id: string; reason: string | null; lifo: boolean }[]> {
  const pipe = redis.pipeline();
  for (const id of ids) pipe.hmget(queue.toKey(id), "failedReason", "opts");
  const rows = (await pipe.exec()) ?? [];
  return ids.map((id, i) => {
    const [reason, opts] = (rows[i]?.[1] as (string | null)[] | undefined) ?? [null, null];
    let lifo = false;
    try {
      lifo = Boolean(opts && (JSON.parse(opts) as { lifo?: boolean }).lifo);
    } catch {
      /* unreadable options: BullMQ's default (FIFO) */
    }
    return { id, reason: reason ?? null, lifo };
  });
}

/**
 * The failed jobs (finished at or before `until`) whose reason matches, reading at most `limit`
 * of them, newest first when limited. `examined` says how many were read.
 */
export async function findFailedMatching(
  queue: Queue,
  redis: IORedis,
  match: FailedReasonMatch,
  opts: { until?: number; limit?: number; signal?: AbortSignal; onBatch?: (examined: number, matched: number) => void } = {},
): Promise<{ matching: Candidate[]; examined: number; total: number }> {
  const key = queue.toKey("failed");
  const until = opts.until ?? Date.now();
  const total = await redis.zcount(key, "-inf", until);
  const limit = Math.min(total, opts.limit ?? total);
  const matching: Candidate[] = [];
  let examined = 0;
  // Newest first: a bounded count looks at the failures the inbox's reasons came from.
  for (let offset = 0; examined < limit && !opts.signal?.aborted; offset += BULK_BATCH) {
    const ids = await redis.zrevrangebyscore(key, until, "-inf", "LIMIT", offset, Math.min(BULK_BATCH, limit - examined));
    if (ids.length === 0) break;
    for (const row of await readBatch(redis, queue, ids)) if (match(row.reason)) matching.push({ id: row.id, lifo: row.lifo });
    examined += ids.length;
    opts.onBatch?.(examined, matching.length);
  }
  return { matching, examined, total };
}

/**
 * Retries every failed job (finished before the start) whose failedReason matches. Jobs that a
 * worker holds or that left the failed set meanwhile are counted as not retried, never moved twice.
 */
export async function retryFailedMatching(queue: Queue, redis: IORedis, match: FailedReasonMatch, progress: JobProgressSink): Promise<ActionCounts> {
  const until = Date.now();
  const found = await findFailedMatching(queue, redis, match, {
    until,
    signal: progress.signal,
    onBatch: (examined, matched) => progress.update({ skipped: examined - matched }),
  });
  const skipped = found.examined - found.matching.length;
  progress.update({ total: found.total, skipped });
  let retried = 0;
  let notRetried = 0;
  const queueOfIds = [...found.matching];
  const retryOne = async (c: Candidate) => {
    try {
      // reprocessJob reads only the id and the lifo option of the job it is given.
      await queue.backend.retryFinishedJob({ id: c.id, opts: { lifo: c.lifo } } as unknown as MinimalJob, "failed");
      retried++;
    } catch {
      // -1 locked by a worker, -2 no longer failed (retried or removed meanwhile): left as is.
      notRetried++;
    }
    progress.update({ done: retried, failed: notRetried });
  };
  const lanes = Array.from({ length: Math.min(RETRY_CONCURRENCY, queueOfIds.length) }, async () => {
    for (let c = queueOfIds.shift(); c && !progress.signal.aborted; c = queueOfIds.shift()) await retryOne(c);
  });
  await Promise.all(lanes);
  return { examined: found.examined, matching: found.matching.length, retried, skipped, ...(notRetried ? { notRetried } : {}) };
}
