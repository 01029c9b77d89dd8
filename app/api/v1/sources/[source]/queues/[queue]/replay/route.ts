import { replayBodySchema } from "@/lib/rabbitmq";
import { moveRoute } from "@/server/http/message-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Dead letters back where they died, or to a picked queue: a background operation. */
export const POST = moveRoute(
  { action: "queue.replay", kind: "replay", body: replayBodySchema, auditParams: ({ keys, ...rest }) => ({ ...rest, ...(keys ? { keys: keys.length } : {}) }) },
  (ops, queue, body) => ops.replay(queue, body),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
