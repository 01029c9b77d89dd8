import { jobActionRoute } from "@/server/brokers/bullmq/routes";
import { emptyBodySchema } from "@/lib/bullmq";

export const dynamic = "force-dynamic";

/** Retries one failed (or completed) job. */
export const POST = jobActionRoute({ action: "job.retry", body: emptyBodySchema }, (ops, queue, jobId) => ops.retryJob(queue, jobId));
