import { queueActionRoute } from "@/server/http/job-routes";
import { cleanSchema } from "@/lib/bullmq";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Removes completed or failed jobs that finished more than olderThanMs ago. */
export const POST = queueActionRoute({ action: "queue.clean", op: "jobs", body: cleanSchema }, (ops, queue, body) =>
  ops.clean(queue, body.state, body.olderThanMs),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
