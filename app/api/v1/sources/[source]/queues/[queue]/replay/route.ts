import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { replayBodySchema } from "@/lib/rabbitmq";
import { opsOf } from "@/server/http/source-route";
import { startMoveOperation } from "@/server/actions/move-operation";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Dead letters back where they died, or to a picked queue: a background operation. */
export const POST = route({ role: "operator", params: queueParamsSchema, body: replayBodySchema }, async ({ rt, principal, params, body }) => {
  const ops = opsOf(rt, params.source, "replay");
  const { keys, ...rest } = body;
  return startMoveOperation(
    rt,
    principal,
    { action: "queue.replay", kind: "replay", source: params.source, queue: params.queue, params: { ...rest, ...(keys ? { keys: keys.length } : {}) } },
    () => ops.replay(params.queue, body),
  );
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
