import { route } from "@/server/http/route";
import { taskParamsSchema } from "@/lib/celery";
import { taskHistoryOf } from "@/server/http/task-routes";
import { methodNotAllowed } from "@/server/http/errors";
import { notFound } from "@/server/errors";

export const dynamic = "force-dynamic";

/** One task of the history: its timeline, result or exception, and its family tree. */
export const GET = route({ role: "viewer", params: taskParamsSchema }, async ({ rt, params }) => {
  const task = await taskHistoryOf(rt, params.source).detail(params.source, params.taskId);
  if (!task) throw notFound(`task "${params.taskId}" in the history of ${params.source}`);
  return task;
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
