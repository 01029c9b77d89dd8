import { queueActionRoute } from "@/server/http/job-routes";
import { concurrencySchema, emptyBodySchema } from "@/lib/bullmq";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Global concurrency: at most `concurrency` jobs active at once across all workers. */
export const PUT = queueActionRoute({ action: "queue.concurrency.set", op: "queueRateLimit", body: concurrencySchema }, (ops, queue, body) =>
  ops.setConcurrency(queue, body.concurrency),
);

export const DELETE = queueActionRoute({ action: "queue.concurrency.remove", op: "queueRateLimit", body: emptyBodySchema }, (ops, queue) =>
  ops.removeConcurrency(queue),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("PUT", "DELETE");
export { notAllowed as GET, notAllowed as POST, notAllowed as PATCH };
