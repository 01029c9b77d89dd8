import { queueActionRoute } from "@/server/http/job-routes";
import { obliterateSchema } from "@/lib/bullmq";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Deletes the queue and all its jobs; 409 while jobs are active unless `{ "force": true }`. Admins only. */
export const POST = queueActionRoute({ action: "queue.obliterate", op: "jobs", role: "admin", body: obliterateSchema }, (ops, queue, body) =>
  ops.obliterate(queue, body.force),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
