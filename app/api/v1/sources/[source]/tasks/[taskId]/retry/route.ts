import { noTaskHistoryYet, taskRetryRoute } from "@/server/http/task-retry-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * Sends a failed or revoked task again: same name, args, kwargs, queue and routing, new id
 * (`{taskId, retriedFrom, queue}`). Refused with 409 and the reason when its args are not known
 * exactly. The stored task comes from the task history: wire its lookup in here.
 */
export const POST = taskRetryRoute({ findStoredTask: noTaskHistoryYet });

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
