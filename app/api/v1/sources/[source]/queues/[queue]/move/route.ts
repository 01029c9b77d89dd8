import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { moveBodySchema } from "@/lib/rabbitmq";
import { opsOf } from "@/server/http/source-route";
import { startMoveOperation } from "@/server/actions/move-operation";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** The whole queue into another queue of its vhost, broker-side (temporary dynamic shovel). */
export const POST = route({ role: "operator", params: queueParamsSchema, body: moveBodySchema }, async ({ rt, principal, params, body }) => {
  const ops = opsOf(rt, params.source, "replay");
  return startMoveOperation(
    rt,
    principal,
    { action: "queue.move", kind: "move (shovel)", source: params.source, queue: params.queue, params: body },
    () => ops.moveAll(params.queue, body.target),
  );
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
