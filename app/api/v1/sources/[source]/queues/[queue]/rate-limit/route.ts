import { queueActionRoute } from "@/server/brokers/bullmq/routes";
import { emptyBodySchema, rateLimitSchema } from "@/lib/bullmq";

export const dynamic = "force-dynamic";

/** Global rate limit: at most `max` jobs per `durationMs` across all workers. */
export const PUT = queueActionRoute({ action: "queue.rate-limit.set", capability: "rateLimit", body: rateLimitSchema }, (ops, queue, body) =>
  ops.setRateLimit(queue, body.max, body.durationMs),
);

export const DELETE = queueActionRoute({ action: "queue.rate-limit.remove", capability: "rateLimit", body: emptyBodySchema }, (ops, queue) =>
  ops.removeRateLimit(queue),
);
