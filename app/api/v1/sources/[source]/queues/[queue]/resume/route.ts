import { queueActionRoute } from "@/server/brokers/bullmq/routes";
import { emptyBodySchema } from "@/lib/bullmq";

export const dynamic = "force-dynamic";

export const POST = queueActionRoute({ action: "queue.resume", capability: "pause", body: emptyBodySchema }, (ops, queue) => ops.resume(queue));
