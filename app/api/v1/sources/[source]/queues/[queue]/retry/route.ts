import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { retryAllSchema } from "@/lib/bullmq";
import { runAction } from "@/server/actions/run-action";
import { auditTarget, jobOpsOf } from "@/server/brokers/bullmq/routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * Retry every failed (or completed) job as a background operation with progress and cancel:
 * answers `{ operationId }` at once (GET /api/v1/operations/{id} follows it). The start is
 * audited with the count, and the final report again when the operation ends.
 */
export const POST = route({ role: "viewer", params: queueParamsSchema, body: retryAllSchema }, async ({ rt, principal, params, body }) => {
  const ops = jobOpsOf(rt, params.source);
  const target = auditTarget(params.queue);
  const base = { actor: principal.actor, source: params.source, target, params: { state: body.state } };
  return runAction(rt, principal, { action: "queue.retry-all", ...base }, async () => {
    const total = await ops.countJobs(params.queue, [body.state]);
    const op = rt.operations.start(
      { kind: `retry all ${body.state}`, source: params.source, target, total },
      async (progress) => {
        await ops.retryAll(params.queue, body.state, progress);
      },
      (view) =>
        rt.audit.append({
          ...base,
          action: "queue.retry-all.finished",
          params: { ...base.params, operationId: view.id },
          outcome: view.status === "failed" ? "failed" : "ok",
          counts: { retried: view.done, total: view.total, ...(view.status === "cancelled" ? { cancelled: 1 } : {}) },
          ...(view.error ? { error: view.error } : {}),
        }),
    );
    return { result: { operationId: op.id }, counts: { total } };
  });
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
