import { moveBodySchema } from "@/lib/rabbitmq";
import { moveRoute } from "@/server/http/message-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** The whole queue into another queue of its vhost, broker-side (temporary dynamic shovel). */
export const POST = moveRoute({ action: "queue.move", kind: "move (shovel)", body: moveBodySchema, auditParams: (body) => body }, (ops, queue, body) =>
  ops.moveAll(queue, body.target),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
