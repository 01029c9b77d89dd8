import { queueActionRoute } from "@/server/brokers/bullmq/routes";
import { cleanSchema } from "@/lib/bullmq";

export const dynamic = "force-dynamic";

/** Removes completed or failed jobs that finished more than olderThanMs ago. */
export const POST = queueActionRoute({ action: "queue.clean", body: cleanSchema }, (ops, queue, body) =>
  ops.clean(queue, body.state, body.olderThanMs),
);
