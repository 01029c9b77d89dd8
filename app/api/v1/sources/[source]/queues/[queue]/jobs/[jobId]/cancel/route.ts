import { jobActionRoute } from "@/server/http/job-routes";
import { cancelSchema } from "@/lib/bullmq";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * Asks the worker running the job to abort it (through attachCancellation, see
 * lib/worker/attach-cancellation.ts): `{ cancelled, worker?, listeners, message }`.
 */
export const POST = jobActionRoute({ action: "job.cancel", body: cancelSchema }, (ops, queue, jobId, body) =>
  ops.cancelJob(queue, jobId, body.reason),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
