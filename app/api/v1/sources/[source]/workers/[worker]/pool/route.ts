import { poolBodySchema, workerParamsSchema } from "@/lib/celery";
import type { PoolChange } from "@/server/brokers/ops/tasks";
import { controlCounts } from "@/server/actions/control-reply";
import { actionRoute } from "@/server/http/action-route";
import { opsOf } from "@/server/http/source-route";
import { replyOf } from "@/server/http/task-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * Grows or shrinks one worker's pool by N, or sets its autoscale range [max, min]. A worker with
 * autoscale refuses grow and shrink, one without it refuses autoscale, and a pool whose processes
 * are all busy refuses to shrink: the answer says so in `refused`.
 */
export const POST = actionRoute(
  {
    action: "worker.pool",
    params: workerParamsSchema,
    body: poolBodySchema,
    audit: ({ params, body }) => ({ source: params.source, target: params.worker, params: { ...body } }),
  },
  async ({ rt, params, body }) => {
    const change: PoolChange = body.grow !== undefined ? { grow: body.grow } : body.shrink !== undefined ? { shrink: body.shrink } : { autoscale: body.autoscale! };
    const outcomes = await opsOf(rt, params.source, "workerPool").resizePool(params.worker, change);
    const reply = replyOf(rt, params.source, outcomes, [params.worker]);
    return { result: reply, counts: controlCounts(reply) };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
