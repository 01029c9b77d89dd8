import "server-only";
import { MAX_PAGE_SIZE, type BullQueueDto, type JobPageDto } from "@/lib/bullmq";
import { groupReasons } from "@/lib/error-signature";
import { seriesKey } from "@/lib/series-key";
import { pages, withQuery } from "@/lib/urls";
import { snapshotList } from "@/server/http/source-route";
import { requireOps } from "@/server/brokers/adapter";
import { growthPerHour, isoOrNull, type InboxReader } from "./context";
import { bullReasonKey, cachedReasonRead } from "./reason-cache";

/** Queues whose failed jobs are read for reasons, the most failed first: a bound on Redis reads per refresh. */
const MAX_QUEUES_READ = 50;

/** Each queue's failed set: count from the snapshot, reasons from its newest failed jobs (cached). */
export const bullmqInbox: InboxReader = async (ctx) => {
  const { source, adapter } = ctx.sampler;
  const failing = snapshotList<BullQueueDto>(ctx.sampler, "queues")
    .items.filter((q) => (q.counts.failed ?? 0) > 0)
    .sort((a, b) => b.counts.failed - a.counts.failed);
  const jobs = requireOps(adapter, "jobs");
  return Promise.all(
    failing.map(async (q, i) => {
      const page: JobPageDto | undefined =
        i < MAX_QUEUES_READ
          ? await cachedReasonRead(bullReasonKey(source.id, q.id), ctx.now, () => jobs.listJobs(q.id, { state: "failed", limit: MAX_PAGE_SIZE })).catch(() => undefined)
          : undefined;
      const items = page?.items ?? [];
      const all = page !== undefined && items.length >= page.total;
      const finished = items.map((j) => j.finishedOn ?? j.timestamp);
      return {
        id: `${source.id}/${q.id}`,
        source: source.id,
        sourceName: source.name,
        kind: "bullmq" as const,
        where: q.name,
        origin: q.name,
        count: q.counts.failed,
        oldestAt: all && finished.length ? isoOrNull(Math.min(...finished)) : null,
        growthPerHour: await growthPerHour(ctx, seriesKey.queue(q.id), "failed"),
        reasons: groupReasons(items.map((j) => ({ message: j.failedReason, count: 1 }))),
        reasonsFrom: items.length,
        reasonsNote: page ? (all ? "from every failed job" : `from the newest ${items.length} failed jobs`) : "failed jobs not read (only the most failing queues are)",
        href: withQuery(pages.bullQueue(source.id, q.name), { state: "failed" }),
      };
    }),
  );
};
