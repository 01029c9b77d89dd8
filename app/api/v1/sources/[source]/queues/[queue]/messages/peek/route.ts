import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { peekBodySchema } from "@/lib/rabbitmq";
import { opsOf } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * Peek: the first messages of the queue, fetched and requeued (nothing is consumed). A POST because
 * it changes state (redelivered flag, a quorum queue's delivery count); still a viewer's read.
 */
export const POST = route({ role: "viewer", params: queueParamsSchema, body: peekBodySchema }, async ({ rt, params, body }) =>
  opsOf(rt, params.source, "peek").peek(params.queue, body.limit),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
