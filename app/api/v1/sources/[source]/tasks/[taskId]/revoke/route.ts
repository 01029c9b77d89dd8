import { revokeBodySchema, taskParamsSchema } from "@/lib/celery";
import { controlCounts } from "@/server/actions/control-reply";
import { actionRoute } from "@/server/http/action-route";
import { opsOf } from "@/server/http/source-route";
import { replyOf } from "@/server/http/task-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * Every worker refuses the task from now on; with `terminate` the one running it also kills it
 * (SIGTERM, or SIGKILL). Answers which workers acknowledged and which did not answer in time.
 */
export const POST = actionRoute(
  {
    action: "task.revoke",
    params: taskParamsSchema,
    body: revokeBodySchema,
    audit: ({ params, body }) => ({ source: params.source, target: params.taskId, params: body.terminate ? { terminate: true, signal: body.signal } : {} }),
  },
  async ({ rt, params, body }) => {
    const outcomes = await opsOf(rt, params.source, "revoke").revoke(params.taskId, { terminate: body.terminate, signal: `SIG${body.signal}` });
    const reply = replyOf(rt, params.source, outcomes);
    return { result: reply, counts: controlCounts(reply) };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
