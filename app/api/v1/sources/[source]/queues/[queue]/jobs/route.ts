import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { jobsQuerySchema } from "@/lib/bullmq";
import { jobOpsOf } from "@/server/brokers/bullmq/routes";

export const dynamic = "force-dynamic";

/** One page of jobs in a state, newest first: read from Redis on demand, at most 100 jobs. */
export const GET = route({ role: "viewer", params: queueParamsSchema, query: jobsQuerySchema }, async ({ rt, params, query }) =>
  jobOpsOf(rt, params.source).listJobs(params.queue, query),
);
