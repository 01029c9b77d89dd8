import { route } from "@/server/http/route";
import { jobParamsSchema } from "@/lib/bullmq";
import { methodNotAllowed } from "@/server/http/errors";
import { notFound } from "@/server/errors";
import { jobActionRoute, jobOpsOf } from "@/server/http/job-routes";
import { sharedRead } from "@/server/shared-reads/shared-read";

export const dynamic = "force-dynamic";

/** Everything about one job: data and return value cut at 64 KiB with the real size. */
export const GET = route({ role: "viewer", params: jobParamsSchema }, async ({ rt, params }) => {
  const ops = jobOpsOf(rt, params.source);
  const job = await sharedRead(rt, params.source, ["job", params.queue, params.jobId], () => ops.getJob(params.queue, params.jobId));
  if (!job) throw notFound(`job "${params.jobId}"`);
  return job;
});

/** Removes the job (refused with 409 while a worker holds it). */
export const DELETE = jobActionRoute({ action: "job.remove" }, (ops, queue, jobId) => ops.removeJob(queue, jobId));

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET", "DELETE");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
