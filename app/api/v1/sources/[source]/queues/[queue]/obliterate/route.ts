import { queueActionRoute } from "@/server/brokers/bullmq/routes";
import { obliterateSchema } from "@/lib/bullmq";

export const dynamic = "force-dynamic";

/** Deletes the queue and all its jobs; 409 while jobs are active unless `{ "force": true }`. Admins only. */
export const POST = queueActionRoute({ action: "queue.obliterate", role: "admin", body: obliterateSchema }, (ops, queue, body) =>
  ops.obliterate(queue, body.force),
);
