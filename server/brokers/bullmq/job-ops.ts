import "server-only";
import type { JobOps, PauseOps, QueueLimitOps } from "../ops/jobs";
import type { BullContext } from "./context";
import { READ_TIMEOUT_MS } from "./context";
import * as actions from "./job-actions";
import { readJobDetail } from "./job-detail";
import { readJobPage } from "./job-pages";
import { searchJobs } from "./job-search";
import { requestCancel } from "./cancel";
import { findFailedMatching, retryFailedMatching } from "./retry-matching";
import { readLatency, readMetricPoints } from "./throughput";
import { conflict, notFound } from "@/server/errors";

/**
 * BullMQ's job, pause and limit operations: resolve the queue (404 when it does not exist), run one verb on the
 * context's own connection, map connection trouble to 503. Reads are time-bounded; actions
 * may run as long as BullMQ's scripts need.
 */
/** BullMQ does all three job capabilities on one context. */
export type BullJobOps = JobOps & PauseOps & QueueLimitOps;

export function createJobOps(ctx: BullContext): BullJobOps {
  const read = <T>(fn: () => Promise<T>) => ctx.guard(fn, READ_TIMEOUT_MS);
  const act = <T>(fn: () => Promise<T>) => ctx.guard(fn);

  return {
    async listJobs(queueId, q) {
      const { name, redis } = await ctx.resolve(queueId);
      return read(() => readJobPage(redis, ctx.keyPrefix(name), q));
    },
    async getJob(queueId, jobId) {
      const { queue, redis } = await ctx.resolve(queueId);
      return read(() => readJobDetail(queue, redis, ctx.prefix, jobId));
    },
    async searchJobs(queueId, q) {
      const { name, redis } = await ctx.resolve(queueId);
      // A slice is bounded by its own time budget; the guard only catches a Redis that hangs.
      return ctx.guard(() => searchJobs(redis, ctx.keyPrefix(name), q), 4 * READ_TIMEOUT_MS);
    },

    async retryJob(queueId, jobId) {
      const { queue, redis } = await ctx.resolve(queueId);
      return act(() => actions.retryJob(queue, redis, jobId));
    },
    async removeJob(queueId, jobId) {
      const { queue, redis } = await ctx.resolve(queueId);
      return act(() => actions.removeJob(queue, redis, jobId));
    },
    async promoteJob(queueId, jobId) {
      const { queue, redis } = await ctx.resolve(queueId);
      return act(() => actions.promoteJob(queue, redis, jobId));
    },
    async cancelJob(queueId, jobId, reason) {
      const { name, queue, redis } = await ctx.resolve(queueId);
      return act(async () => {
        const state = (await actions.isJobKey(redis, queue, jobId)) ? await queue.getJobState(jobId) : "unknown";
        if (state === "unknown") throw notFound(`job "${jobId}"`);
        if (state !== "active") throw conflict(`job "${jobId}" is ${state}, not running: there is nothing to cancel`);
        return requestCancel(redis, ctx.prefix, name, jobId, reason);
      });
    },

    async countJobs(queueId, states) {
      const { queue } = await ctx.resolve(queueId);
      return read(() => actions.countJobs(queue, states));
    },
    async retryAll(queueId, state, progress) {
      const { queue, redis } = await ctx.resolve(queueId);
      return act(() => actions.retryAll(queue, redis, state, progress));
    },
    async countFailedMatching(queueId, match, limit) {
      const { queue, redis } = await ctx.resolve(queueId);
      const found = await ctx.guard(() => findFailedMatching(queue, redis, match, { limit }), 4 * READ_TIMEOUT_MS);
      return { matching: found.matching.length, examined: found.examined, total: found.total };
    },
    async retryFailedMatching(queueId, match, progress) {
      const { queue, redis } = await ctx.resolve(queueId);
      return act(() => retryFailedMatching(queue, redis, match, progress));
    },
    async promoteAll(queueId) {
      const { queue } = await ctx.resolve(queueId);
      return act(() => actions.promoteAll(queue));
    },
    async clean(queueId, state, olderThanMs) {
      const { queue } = await ctx.resolve(queueId);
      return act(() => actions.clean(queue, state, olderThanMs));
    },
    async drain(queueId, delayed) {
      const { queue } = await ctx.resolve(queueId);
      return act(() => actions.drain(queue, delayed));
    },
    async obliterate(queueId, force) {
      const { queue } = await ctx.resolve(queueId);
      return act(() => actions.obliterate(queue, force));
    },
    async pause(queueId) {
      const { queue } = await ctx.resolve(queueId);
      await act(() => queue.pause());
      return {};
    },
    async resume(queueId) {
      const { queue } = await ctx.resolve(queueId);
      await act(() => queue.resume());
      return {};
    },
    async setRateLimit(queueId, max, durationMs) {
      const { queue } = await ctx.resolve(queueId);
      await act(() => queue.setGlobalRateLimit(max, durationMs));
      return { max, durationMs };
    },
    async removeRateLimit(queueId) {
      const { queue } = await ctx.resolve(queueId);
      await act(() => queue.removeGlobalRateLimit());
      return {};
    },
    async setConcurrency(queueId, concurrency) {
      const { queue } = await ctx.resolve(queueId);
      await act(() => queue.setGlobalConcurrency(concurrency));
      return { concurrency };
    },
    async removeConcurrency(queueId) {
      const { queue } = await ctx.resolve(queueId);
      await act(() => queue.removeGlobalConcurrency());
      return {};
    },

    async throughput(queueId, range, fallback) {
      const { name, queue, redis } = await ctx.resolve(queueId);
      return read(async () => {
        const [fromMetrics, latency] = await Promise.all([
          readMetricPoints(queue, range.from, range.to),
          readLatency(redis, ctx.keyPrefix(name)),
        ]);
        const rates = fromMetrics ?? (await fallback());
        return { basis: fromMetrics ? "bullmq-metrics" : "collector", ...range, ...rates, latency };
      });
    },
  };
}
