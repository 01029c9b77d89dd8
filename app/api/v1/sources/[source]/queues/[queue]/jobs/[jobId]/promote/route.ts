import { jobActionRoute } from "@/server/brokers/bullmq/routes";
import { emptyBodySchema } from "@/lib/bullmq";

export const dynamic = "force-dynamic";

/** Moves one delayed job to waiting now. */
export const POST = jobActionRoute({ action: "job.promote", body: emptyBodySchema }, (ops, queue, jobId) => ops.promoteJob(queue, jobId));
