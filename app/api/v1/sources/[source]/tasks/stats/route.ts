import { route } from "@/server/http/route";
import { sourceParamsSchema } from "@/lib/schemas";
import { celeryTaskStatsQuerySchema } from "@/lib/celery";
import { taskHistoryOf } from "@/server/http/task-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Per minute, for the source or one task name (`name`): succeeded, failed, runtime and wait percentiles. */
export const GET = route({ role: "viewer", params: sourceParamsSchema, query: celeryTaskStatsQuerySchema }, async ({ rt, params, query }) =>
  taskHistoryOf(rt, params.source).stats(params.source, query),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
