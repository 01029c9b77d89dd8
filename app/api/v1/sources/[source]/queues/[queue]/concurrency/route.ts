import { queueActionRoute } from "@/server/brokers/bullmq/routes";
import { concurrencySchema, emptyBodySchema } from "@/lib/bullmq";

export const dynamic = "force-dynamic";

/** Global concurrency: at most `concurrency` jobs active at once across all workers. */
export const PUT = queueActionRoute({ action: "queue.concurrency.set", capability: "rateLimit", body: concurrencySchema }, (ops, queue, body) =>
  ops.setConcurrency(queue, body.concurrency),
);

export const DELETE = queueActionRoute({ action: "queue.concurrency.remove", capability: "rateLimit", body: emptyBodySchema }, (ops, queue) =>
  ops.removeConcurrency(queue),
);
