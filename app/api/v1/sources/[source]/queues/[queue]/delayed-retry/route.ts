import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { delayedRetryBodySchema } from "@/lib/rabbitmq";
import { opsOf } from "@/server/http/source-route";
import { startMoveOperation } from "@/server/actions/move-operation";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Dead letters into a TTL queue that returns them to their origin after `delayMs`. */
export const POST = route({ role: "operator", params: queueParamsSchema, body: delayedRetryBodySchema }, async ({ rt, principal, params, body }) => {
  const ops = opsOf(rt, params.source, "replay");
  const { keys, ...rest } = body;
  return startMoveOperation(
    rt,
    principal,
    { action: "queue.delayed-retry", kind: "delayed retry", source: params.source, queue: params.queue, params: { ...rest, ...(keys ? { keys: keys.length } : {}) } },
    () => ops.delayedRetry(params.queue, body),
  );
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
