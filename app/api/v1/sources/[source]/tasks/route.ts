import { route } from "@/server/http/route";
import { sourceParamsSchema } from "@/lib/schemas";
import { celeryTaskListQuerySchema } from "@/lib/celery";
import { snapshotListFor } from "@/server/http/source-route";
import { taskHistoryOf } from "@/server/http/task-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * The task history from the store, newest first, one page per call (`nextCursor` for the next).
 * `?active=1`: the tasks running now, from the collector's snapshot (no broker call per request).
 */
export const GET = route({ role: "viewer", params: sourceParamsSchema, query: celeryTaskListQuerySchema }, async ({ rt, params, query }) => {
  const { active, ...filter } = query;
  if (active) return snapshotListFor(rt, params.source, "tasks", "tasks");
  return taskHistoryOf(rt, params.source).list(params.source, filter);
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
