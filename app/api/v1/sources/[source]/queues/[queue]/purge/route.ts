import { queueParamsSchema } from "@/lib/schemas";
import { actionRoute } from "@/server/http/action-route";
import { opsOf } from "@/server/http/source-route";
import { queueAuditName } from "@/server/http/message-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * Deletes every waiting message (RabbitMQ: ready ones; Celery: the queue's list, not what workers
 * already reserved); the broker's count goes in the answer and the audit.
 */
export const POST = actionRoute(
  { action: "queue.purge", params: queueParamsSchema, audit: ({ rt, params }) => ({ source: params.source, target: queueAuditName(rt, params.source, params.queue) }) },
  async ({ rt, params }) => {
    const result = await opsOf(rt, params.source, "purge").purge(params.queue);
    return { result, counts: { purged: result.purged } };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
