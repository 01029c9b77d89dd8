import { queueParamsSchema } from "@/lib/schemas";
import { retryAllSchema } from "@/lib/bullmq";
import { operationRoute } from "@/server/http/action-route";
import { auditTarget, jobOpsOf } from "@/server/http/job-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * Retry every failed (or completed) job as a background operation with progress and cancel:
 * answers `{ operationId, total }` at once (GET /api/v1/operations/{id} follows it). The start
 * is audited with the count, and the final report again when the operation ends.
 */
export const POST = operationRoute(
  {
    action: "queue.retry-all",
    params: queueParamsSchema,
    body: retryAllSchema,
    kind: ({ body }) => `retry all ${body.state}`,
    audit: ({ params, body }) => ({ source: params.source, target: auditTarget(params.queue), params: { state: body.state } }),
    finalCounts: (view) => ({ retried: view.done, total: view.total, ...(view.status === "cancelled" ? { cancelled: 1 } : {}) }),
  },
  async ({ rt, params, body }) => {
    const ops = jobOpsOf(rt, params.source);
    return {
      total: await ops.countJobs(params.queue, [body.state]),
      // Each batch is one atomic move in Redis: a stop leaves every job either retried or still in its list.
      ifInterrupted: `Jobs retried before the stop have left the ${body.state} list, the others are still in it: retry all again to retry the rest (none is retried twice).`,
      run: (progress) => ops.retryAll(params.queue, body.state, progress).then(() => undefined),
    };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
