import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { jobsQuerySchema } from "@/lib/bullmq";
import { jobOpsOf } from "@/server/brokers/bullmq/routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** One page of jobs in a state, newest first: read from Redis on demand, at most 100 jobs. */
export const GET = route({ role: "viewer", params: queueParamsSchema, query: jobsQuerySchema }, async ({ rt, params, query }) =>
  jobOpsOf(rt, params.source).listJobs(params.queue, query),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
