import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { peekBodySchema } from "@/lib/rabbitmq";
import { opsOf } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";
import { learnFromPeek } from "@/server/dead-letters/rabbit-learn";

export const dynamic = "force-dynamic";

/**
 * Peek: the first messages of the queue, fetched and requeued (nothing is consumed). A POST because
 * it changes state (redelivered flag, a quorum queue's delivery count); still a viewer's read.
 */
export const POST = route({ role: "viewer", params: queueParamsSchema, body: peekBodySchema }, async ({ rt, params, body }) => {
  const peeked = await opsOf(rt, params.source, "peek").peek(params.queue, body.limit);
  // The messages were read anyway: the dead-letter inbox shows their reasons (it never reads them itself).
  await learnFromPeek(rt, params.source, params.queue, peeked);
  return peeked;
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
