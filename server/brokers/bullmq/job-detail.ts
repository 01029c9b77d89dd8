import "server-only";
import { Job, type Queue } from "bullmq";
import type IORedis from "ioredis";
import type { JobDetailDto, JobRefDto, JobStateName } from "@/lib/bullmq";
import { decodeValue } from "../payload";
import { bullQueueId } from "./map";
import { isJobKey } from "./job-actions";

const LOG_LINES = 100;
const CHILDREN_SHOWN = 50;
const STACK_FRAMES = 10;
const STACK_TEXT = 4000;
const FAILED_REASON_MAX = 64 * 1024;

/** "bull:emails" (+ ":42") -> queue name and job id, or null when the key is under another prefix. */
export function refFromKey(prefix: string, qualified: string, jobId?: string): JobRefDto {
  const head = `${prefix}:`;
  if (qualified.startsWith(head)) {
    const rest = qualified.slice(head.length);
    // Queue names cannot hold ':' (BullMQ refuses them), so the first ':' ends the name.
    const i = rest.indexOf(":");
    const queue = jobId !== undefined || i < 0 ? rest : rest.slice(0, i);
    const id = jobId ?? (i < 0 ? "" : rest.slice(i + 1));
    return { queue, queueId: bullQueueId(queue), id };
  }
  const i = qualified.lastIndexOf(":");
  return jobId !== undefined
    ? { queue: qualified, queueId: null, id: jobId }
    : { queue: qualified.slice(0, Math.max(0, i)), queueId: null, id: qualified.slice(i + 1) };
}

/**
 * Everything about one job, read with BullMQ's own Job.fromId (so options come back decoded)
 * plus bounded reads of its logs (last 100) and children (first 50 of each kind).
 */
export async function readJobDetail(
  queue: Queue,
  redis: IORedis,
  prefix: string,
  jobId: string,
): Promise<JobDetailDto | undefined> {
  const job = (await isJobKey(redis, queue, jobId)) ? await Job.fromId(queue, jobId) : undefined;
  if (!job) return undefined;
  const processedKey = queue.toKey(`${jobId}:processed`);
  const pendingKey = queue.toKey(`${jobId}:dependencies`);
  const [state, logs, processed, pending, processedCount, pendingCount] = await Promise.all([
    queue.getJobState(jobId),
    queue.getJobLogs(jobId, 0, LOG_LINES - 1, false),
    redis.hscan(processedKey, "0", "COUNT", CHILDREN_SHOWN),
    redis.sscan(pendingKey, "0", "COUNT", CHILDREN_SHOWN),
    redis.hlen(processedKey),
    redis.scard(pendingKey),
  ]);
  const processedKeys = processed[1].filter((_, i) => i % 2 === 0);
  const delay = job.delay || 0;
  const detail: JobDetailDto = {
    id: job.id ?? jobId,
    name: job.name,
    state: state as JobStateName | "unknown",
    attemptsMade: job.attemptsMade,
    attempts: Math.max(1, job.opts.attempts ?? 1),
    timestamp: job.timestamp,
    data: decodeValue(job.data),
    opts: decodeValue(job.opts),
    returnvalue: job.returnvalue == null ? null : decodeValue(job.returnvalue),
    stacktrace: (job.stacktrace ?? []).slice(-STACK_FRAMES).map((s) => String(s).slice(0, STACK_TEXT)),
    logs: { count: logs.count, items: logs.logs },
    parent: job.parent ? refFromKey(prefix, job.parent.queueKey, job.parent.id ?? "") : null,
    children: {
      processed: processedKeys.slice(0, CHILDREN_SHOWN).map((k) => refFromKey(prefix, k)),
      pending: pending[1].slice(0, CHILDREN_SHOWN).map((k) => refFromKey(prefix, k)),
      processedCount,
      pendingCount,
    },
  };
  if (job.processedOn) detail.processedOn = job.processedOn;
  if (job.finishedOn) detail.finishedOn = job.finishedOn;
  if (delay) detail.delayMs = delay;
  if (job.priority) detail.priority = job.priority;
  if (job.failedReason) detail.failedReason = job.failedReason.slice(0, FAILED_REASON_MAX);
  if (job.progress !== undefined && job.progress !== 0) detail.progress = job.progress;
  if (job.processedBy) detail.processedBy = job.processedBy;
  if (job.processedOn) detail.waitMs = Math.max(0, job.processedOn - (job.timestamp + delay));
  if (job.processedOn && job.finishedOn) detail.runMs = Math.max(0, job.finishedOn - job.processedOn);
  return detail;
}
