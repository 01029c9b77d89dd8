import { taskRetryRoute } from "@/server/http/task-retry-route";
import { taskHistoryOf } from "@/server/http/task-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * Sends a failed or revoked task again: same name, args, kwargs, queue and routing, new id
 * (`{taskId, retriedFrom, queue}`). Refused with 409 and the reason when its args are not known
 * exactly. The stored task comes from the task history, which then links the two.
 */
export const POST = taskRetryRoute({
  findStoredTask: (rt, source, id) => taskHistoryOf(rt, source).detail(source, id),
  recordRetry: (rt, source, oldId, newId) => taskHistoryOf(rt, source).markRetriedFrom(source, newId, oldId),
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
