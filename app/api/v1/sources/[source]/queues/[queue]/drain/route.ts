import { queueActionRoute } from "@/server/http/job-routes";
import { drainSchema } from "@/lib/bullmq";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Removes waiting and prioritized jobs, and delayed ones unless `{ "delayed": false }`. */
export const POST = queueActionRoute({ action: "queue.drain", op: "jobs", body: drainSchema }, (ops, queue, body) => ops.drain(queue, body.delayed));

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
