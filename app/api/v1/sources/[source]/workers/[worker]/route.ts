import { workerParamsSchema, type CeleryWorkerDetailDto, type CeleryWorkerDto } from "@/lib/celery";
import { route } from "@/server/http/route";
import { opsOf, snapshotList, sourceWith } from "@/server/http/source-route";
import { sharedRead } from "@/server/shared-reads/shared-read";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * One worker, live: pool and concurrency, processed counts, the queues it consumes, the tasks it
 * runs, has reserved and holds for their ETA, and its task types with their rate limits. The load
 * average comes from the collector's worker row (heartbeats), not from the worker's reply.
 */
export const GET = route({ role: "viewer", params: workerParamsSchema }, async ({ rt, params }): Promise<CeleryWorkerDetailDto> => {
  const ops = opsOf(rt, params.source, "workerDetail");
  const detail = await sharedRead(rt, params.source, ["worker", params.worker], () => ops.workerDetail(params.worker));
  const row = snapshotList<CeleryWorkerDto>(sourceWith(rt, params.source, "workers").sampler, "workers").items.find((w) => w.hostname === params.worker);
  return { ...detail, loadavg: row?.loadavg ?? null };
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
