import { jobActionRoute } from "@/server/http/job-routes";
import { emptyBodySchema } from "@/lib/bullmq";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Moves one delayed job to waiting now. */
export const POST = jobActionRoute({ action: "job.promote", body: emptyBodySchema }, (ops, queue, jobId) => ops.promoteJob(queue, jobId));

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
