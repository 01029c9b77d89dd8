import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { throughputQuerySchema } from "@/lib/bullmq";
import { seriesKey } from "@/lib/series-key";
import { jobOpsOf } from "@/server/http/job-routes";
import { ratesFromSamples } from "@/server/brokers/bullmq/throughput";
import { methodNotAllowed } from "@/server/http/errors";
import { sharedRead } from "@/server/shared-reads/shared-read";

export const dynamic = "force-dynamic";

/** A window ending this close to now is "the last N minutes", whichever tab asks. */
const LIVE_WINDOW_SLACK_MS = 5000;

/**
 * Completed and failed per minute (BullMQ's metrics when workers record them, else rates from
 * the collector's samples) and wait/run percentiles over the newest completed jobs.
 */
export const GET = route({ role: "viewer", params: queueParamsSchema, query: throughputQuerySchema }, async ({ rt, params, query }) => {
  const to = query.to ?? Date.now();
  const from = query.from ?? to - 60 * 60_000;
  const entity = seriesKey.queue(params.queue);
  // Samples from a little before `from`, so the first rate in the range has a predecessor, but
  // not so far back that the store switches from its raw samples to (not yet rolled) minutes.
  const rawFrom = Date.now() - rt.series.retention.rawMs + 1000;
  const since = from >= rawFrom ? Math.max(from - 60_000, rawFrom) : from - 60_000;
  const samples = (metric: string) => rt.series.query(params.source, entity, metric, since, to);
  const ops = jobOpsOf(rt, params.source);
  // Tabs polling "the last hour" each send their own `to`: such windows are one key by length.
  const window = Math.abs(Date.now() - to) < LIVE_WINDOW_SLACK_MS ? ["last", Math.round((to - from) / 1000)] : [from, to];
  return sharedRead(rt, params.source, ["throughput", params.queue, ...window], () =>
    ops.throughput(params.queue, { from, to }, async () => ({
      completed: ratesFromSamples(await samples("completed")).filter((p) => p.t >= from),
      failed: ratesFromSamples(await samples("failed")).filter((p) => p.t >= from),
    })),
  );
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
