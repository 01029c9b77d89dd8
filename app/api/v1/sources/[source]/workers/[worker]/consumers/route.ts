import { consumerBodySchema, workerParamsSchema } from "@/lib/celery";
import { controlCounts } from "@/server/actions/control-reply";
import { actionRoute } from "@/server/http/action-route";
import { opsOf } from "@/server/http/source-route";
import { replyOf } from "@/server/http/task-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * The worker starts (`add`) or stops (`cancel`) consuming a queue. Messages sent to a queue no
 * worker consumes wait in it. The worker applies the change right after it answers.
 */
export const POST = actionRoute(
  {
    action: "worker.consumer",
    params: workerParamsSchema,
    body: consumerBodySchema,
    audit: ({ params, body }) => ({ source: params.source, target: params.worker, params: { queue: body.queue, action: body.action } }),
  },
  async ({ rt, params, body }) => {
    const outcomes = await opsOf(rt, params.source, "workerConsumers").setConsumer([params.worker], body.queue, body.action);
    const reply = replyOf(rt, params.source, outcomes, [params.worker]);
    return { result: reply, counts: controlCounts(reply) };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
