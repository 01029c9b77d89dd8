import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { retryAllSchema } from "@/lib/bullmq";
import { startOperation } from "@/server/actions/start-operation";
import { auditTarget, jobOpsOf } from "@/server/http/job-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * Retry every failed (or completed) job as a background operation with progress and cancel:
 * answers `{ operationId }` at once (GET /api/v1/operations/{id} follows it). The start is
 * audited with the count, and the final report again when the operation ends.
 */
export const POST = route({ role: "viewer", params: queueParamsSchema, body: retryAllSchema }, async ({ rt, principal, params, body }) => {
  const ops = jobOpsOf(rt, params.source);
  const { operationId } = await startOperation(
    rt,
    principal,
    { action: "queue.retry-all", kind: `retry all ${body.state}`, source: params.source, target: auditTarget(params.queue), params: { state: body.state } },
    async () => ({
      total: await ops.countJobs(params.queue, [body.state]),
      run: (progress) => ops.retryAll(params.queue, body.state, progress).then(() => undefined),
    }),
    (view) => ({ retried: view.done, total: view.total, ...(view.status === "cancelled" ? { cancelled: 1 } : {}) }),
  );
  return { operationId };
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
