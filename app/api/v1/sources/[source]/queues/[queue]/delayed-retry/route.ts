import { delayedRetryBodySchema } from "@/lib/rabbitmq";
import { moveRoute } from "@/server/http/message-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Dead letters into a TTL queue that returns them to their origin after `delayMs`. */
export const POST = moveRoute(
  {
    action: "queue.delayed-retry",
    kind: "delayed retry",
    body: delayedRetryBodySchema,
    auditParams: ({ keys, ...rest }) => ({ ...rest, ...(keys ? { keys: keys.length } : {}) }),
  },
  (ops, queue, body) => ops.delayedRetry(queue, body),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
