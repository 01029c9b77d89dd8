import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { peekQuerySchema } from "@/lib/rabbitmq";
import { opsOf } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Peek: the first messages of the queue, fetched and requeued (nothing is consumed). */
export const GET = route({ role: "viewer", params: queueParamsSchema, query: peekQuerySchema }, async ({ rt, params, query }) =>
  opsOf(rt, params.source, "peek").peek(params.queue, query.limit),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
