import { taskRateLimitBodySchema, taskTypeParamsSchema } from "@/lib/celery";
import { controlCounts } from "@/server/actions/control-reply";
import { actionRoute } from "@/server/http/action-route";
import { opsOf } from "@/server/http/source-route";
import { replyOf } from "@/server/http/task-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * A task type's rate limit on every worker ("10/m", "5/s", "100" per second; "" or "0" removes
 * it). Each worker applies it on its own. Answers which workers acknowledged, refused (e.g. an
 * unknown task) or did not answer in time.
 */
export const PUT = actionRoute(
  {
    action: "task-type.rate-limit",
    params: taskTypeParamsSchema,
    body: taskRateLimitBodySchema,
    audit: ({ params, body }) => ({ source: params.source, target: params.name, params: { rate: body.rate } }),
  },
  async ({ rt, params, body }) => {
    const outcomes = await opsOf(rt, params.source, "taskRateLimit").setTaskRateLimit(params.name, body.rate);
    const reply = replyOf(rt, params.source, outcomes);
    return { result: reply, counts: controlCounts(reply) };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("PUT");
export { notAllowed as GET, notAllowed as POST, notAllowed as PATCH, notAllowed as DELETE };
