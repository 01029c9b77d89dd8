import { sourceParamsSchema } from "@/lib/schemas";
import type { CeleryTaskTypeListDto } from "@/lib/celery";
import { route } from "@/server/http/route";
import { opsOf } from "@/server/http/source-route";
import { knownWorkers } from "@/server/http/task-routes";
import { sharedRead } from "@/server/shared-reads/shared-read";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * Every task type the workers registered, with each worker's own rate limit (Celery applies it
 * per worker). A live broadcast, shared among all tabs for a couple of seconds.
 */
export const GET = route({ role: "viewer", params: sourceParamsSchema }, async ({ rt, params }): Promise<CeleryTaskTypeListDto> => {
  const ops = opsOf(rt, params.source, "taskTypes");
  const { items, answered } = await sharedRead(rt, params.source, ["task-types"], () => ops.taskTypes());
  const noReply = knownWorkers(rt, params.source).filter((w) => !answered.includes(w)).sort();
  return { items, answered, noReply };
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
