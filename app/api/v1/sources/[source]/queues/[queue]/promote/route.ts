import { queueActionRoute } from "@/server/brokers/bullmq/routes";
import { emptyBodySchema } from "@/lib/bullmq";

export const dynamic = "force-dynamic";

/** Promotes every delayed job to waiting. */
export const POST = queueActionRoute({ action: "queue.promote-all", body: emptyBodySchema }, (ops, queue) => ops.promoteAll(queue));
