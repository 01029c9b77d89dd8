import { route } from "@/server/http/route";
import { sourceParamsSchema } from "@/lib/schemas";
import { periodicTasksQuerySchema } from "@/lib/celery-periodic";
import { taskHistoryOf } from "@/server/http/task-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * Celery tasks sent at a regular interval (celery beat's schedule, which QueueDeck cannot read),
 * inferred from the task history in the store: no broker call. Late and missed ones first.
 */
export const GET = route({ role: "viewer", params: sourceParamsSchema, query: periodicTasksQuerySchema }, async ({ rt, params, query }) =>
  taskHistoryOf(rt, params.source).periodic(params.source, query),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
