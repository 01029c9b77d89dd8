import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { jobsQuerySchema } from "@/lib/bullmq";
import { jobOpsOf } from "@/server/http/job-routes";
import { methodNotAllowed } from "@/server/http/errors";
import { sharedRead } from "@/server/shared-reads/shared-read";

export const dynamic = "force-dynamic";

/** One page of jobs in a state, newest first: read from Redis (shared among tabs), at most 100 jobs. */
export const GET = route({ role: "viewer", params: queueParamsSchema, query: jobsQuerySchema }, async ({ rt, params, query }) => {
  const ops = jobOpsOf(rt, params.source);
  return sharedRead(rt, params.source, ["jobs", params.queue, query.state, query.limit, query.cursor], () => ops.listJobs(params.queue, query));
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
