import { queueActionRoute } from "@/server/http/job-routes";
import { emptyBodySchema, rateLimitSchema } from "@/lib/bullmq";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Global rate limit: at most `max` jobs per `durationMs` across all workers. */
export const PUT = queueActionRoute({ action: "queue.rate-limit.set", op: "queueRateLimit", body: rateLimitSchema }, (ops, queue, body) =>
  ops.setRateLimit(queue, body.max, body.durationMs),
);

export const DELETE = queueActionRoute({ action: "queue.rate-limit.remove", op: "queueRateLimit", body: emptyBodySchema }, (ops, queue) =>
  ops.removeRateLimit(queue),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("PUT", "DELETE");
export { notAllowed as GET, notAllowed as POST, notAllowed as PATCH };
