import { queueActionRoute } from "@/server/brokers/bullmq/routes";
import { drainSchema } from "@/lib/bullmq";

export const dynamic = "force-dynamic";

/** Removes waiting and prioritized jobs, and delayed ones unless `{ "delayed": false }`. */
export const POST = queueActionRoute({ action: "queue.drain", body: drainSchema }, (ops, queue, body) => ops.drain(queue, body.delayed));
