import "server-only";
import { Job, type Queue } from "bullmq";
import type IORedis from "ioredis";
import type { JobStateName } from "@/lib/bullmq";
import { conflict, notFound } from "@/server/errors";
import type { ActionCounts, JobProgressSink } from "../ops/jobs";

/** Jobs moved per Lua call by bulk actions: BullMQ's own default batch, short enough not to stall Redis. */
export const BULK_BATCH = 1000;

/**
 * True when `<prefix>:<queue>:<jobId>` is a job's hash. Ids like "meta", "id" or "x:logs" name
 * other keys of the queue: Job.fromId would read them as jobs and removing one would damage
 * the queue. Every job hash has a timestamp; other hashes do not, other types are not hashes.
 */
export async function isJobKey(redis: IORedis, queue: Queue, jobId: string): Promise<boolean> {
  return (await redis.hexists(queue.toKey(jobId), "timestamp").catch(() => 0)) === 1;
}

async function jobOrThrow(queue: Queue, redis: IORedis, jobId: string): Promise<Job> {
  const job = (await isJobKey(redis, queue, jobId)) ? await Job.fromId(queue, jobId) : undefined;
  if (!job) throw notFound(`job "${jobId}"`);
  return job;
}

export async function retryJob(queue: Queue, redis: IORedis, jobId: string): Promise<ActionCounts> {
  const job = await jobOrThrow(queue, redis, jobId);
  const state = await job.getState();
  if (state !== "failed" && state !== "completed") {
    throw conflict(`job "${jobId}" is ${state}: only failed or completed jobs can be retried`);
  }
  try {
    await job.retry(state);
  } catch (err) {
    // BullMQ's codes: -1 locked by a worker, -2 no longer in that state.
    throw conflict(`job "${jobId}" could not be retried: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { retried: 1 };
}

export async function removeJob(queue: Queue, redis: IORedis, jobId: string): Promise<ActionCounts> {
  await jobOrThrow(queue, redis, jobId);
  const removed = await queue.remove(jobId);
  if (!removed) throw conflict(`job "${jobId}" is locked by a worker (active) and was not removed; cancel it first`);
  return { removed: 1 };
}

export async function promoteJob(queue: Queue, redis: IORedis, jobId: string): Promise<ActionCounts> {
  const job = await jobOrThrow(queue, redis, jobId);
  const state = await job.getState();
  if (state !== "delayed") throw conflict(`job "${jobId}" is ${state}: only delayed jobs can be promoted`);
  await job.promote();
  return { promoted: 1 };
}

export async function countJobs(queue: Queue, states: JobStateName[]): Promise<number> {
  return states.length ? queue.getJobCountByTypes(...states) : 0;
}

/** Batches in flight at once: the next is queued in Redis while the previous runs. */
const RETRY_PIPELINE = 2;

/**
 * Retry-all in batches with BullMQ's own moveJobsToWait script (what Queue.retryJobs loops
 * over), so each batch is one atomic Lua call and cancel takes effect between batches. Only
 * jobs finished before the start are retried: ones failing meanwhile are not chased forever.
 *
 * Two batches are kept in flight (each still takes the next jobs, as the calls run one after
 * the other in Redis), so no round trip is spent waiting between batches; Redis is never
 * held for more than two batches at a time. The script answers 1 exactly when it moved a
 * full batch, so progress needs no extra command per batch; one ZCOUNT at the end makes the
 * final figure exact.
 */
export async function retryAll(
  queue: Queue,
  redis: IORedis,
  state: "failed" | "completed",
  progress: JobProgressSink,
): Promise<ActionCounts> {
  const key = queue.toKey(state);
  const startedAt = Date.now();
  const total = await redis.zcount(key, "-inf", startedAt);
  progress.update({ total });
  let moved = 0;
  let more = total > 0;
  const inFlight = new Set<Promise<void>>();
  const launch = () => {
    const p: Promise<void> = queue.backend
      .retryFinishedJobs(state, BULK_BATCH, startedAt)
      .then((full) => {
        if (!full) more = false;
        else progress.update({ done: Math.min(total, (moved += BULK_BATCH)) });
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  while (more && !progress.signal.aborted) {
    while (inFlight.size < RETRY_PIPELINE && more && !progress.signal.aborted) launch();
    await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const left = await redis.zcount(key, "-inf", startedAt);
  progress.update({ done: total - left });
  return { total, retried: total - left, ...(left > 0 ? { notRetried: left } : {}) };
}

export async function promoteAll(queue: Queue): Promise<ActionCounts> {
  const before = await queue.getDelayedCount();
  await queue.promoteJobs({ count: BULK_BATCH });
  const after = await queue.getDelayedCount();
  return { promoted: Math.max(0, before - after) };
}

/** Removes completed or failed jobs finished more than `olderThanMs` ago, BULK_BATCH per call. */
export async function clean(queue: Queue, state: "completed" | "failed", olderThanMs: number): Promise<ActionCounts> {
  let removed = 0;
  for (;;) {
    const ids = await queue.clean(olderThanMs, BULK_BATCH, state);
    removed += ids.length;
    if (ids.length < BULK_BATCH) break;
  }
  return { removed };
}

export async function drain(queue: Queue, delayed: boolean): Promise<ActionCounts> {
  const states: JobStateName[] = delayed ? ["waiting", "prioritized", "delayed"] : ["waiting", "prioritized"];
  const before = await countJobs(queue, states);
  await queue.drain(delayed);
  const after = await countJobs(queue, states);
  return { removed: Math.max(0, before - after) };
}

export async function obliterate(queue: Queue, force: boolean): Promise<ActionCounts> {
  const active = await queue.getActiveCount();
  if (active > 0 && !force) {
    throw conflict(`queue "${queue.name}" has ${active} active job(s); obliterate refused. Pass force to remove them anyway.`);
  }
  const jobs = await queue.getJobCountByTypes("waiting", "active", "delayed", "prioritized", "waiting-children", "completed", "failed");
  await queue.obliterate({ force, count: BULK_BATCH });
  return { jobs, active };
}
