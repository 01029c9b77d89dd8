import "server-only";
import type { Role } from "@/lib/dto";
import type { Runtime } from "@/server/runtime";
import type { Principal } from "@/server/auth/principal";
import type { OperationProgress, OperationView } from "./operations";
import { runAction } from "./run-action";
import type { InterruptedOperation } from "./operation-store";

export interface PreparedOperation {
  total: number;
  /** What the UI must say about duplicates or side effects. */
  note?: string;
  /** The operation's target as shown while it runs (e.g. "orders.dlq → orders"). */
  shownTarget?: string;
  /** What stays true if QueueDeck stops mid-run, e.g. whether a rerun resumes; shown on an interrupted operation. */
  ifInterrupted?: string;
  run(progress: OperationProgress): Promise<void>;
}

/**
 * A long action (replay, move, retry-all...): checked and counted inside runAction, so the start
 * is authorized and audited with its total, then run as a background operation whose final
 * report is audited as `<action>.finished` when it ends, however it ends.
 */
export async function startOperation(
  rt: Runtime,
  who: Principal,
  spec: { action: string; kind: string; source: string; target: string; params: Record<string, unknown>; role?: Role },
  prepare: () => Promise<PreparedOperation>,
  finalCounts: (view: OperationView) => Record<string, number>,
): Promise<{ operationId: string; total: number; note?: string }> {
  const { action, source, target, params, role } = spec;
  return runAction(rt, who, { action, source, target, params, ...(role ? { role } : {}) }, async () => {
    const prepared = await prepare();
    const finishAudit = { actor: who.actor, actorKind: who.actorKind, actorId: who.actorId, action: `${spec.action}.finished`, source: spec.source, target: spec.target };
    const op = await rt.operations.start(
      {
        kind: spec.kind,
        source: spec.source,
        target: prepared.shownTarget ?? spec.target,
        total: prepared.total,
        ...(prepared.note ? { note: prepared.note } : {}),
        ...(prepared.ifInterrupted ? { ifInterrupted: prepared.ifInterrupted } : {}),
        finishAudit: { ...finishAudit, params: spec.params },
      },
      (progress) => prepared.run(progress),
      async (view) => {
        await rt.audit.append({
          ...finishAudit,
          params: { ...spec.params, operationId: view.id, status: view.status },
          outcome: view.status === "failed" ? "failed" : "ok",
          counts: finalCounts(view),
          ...(view.error ? { error: view.error } : {}),
        });
      },
    );
    const note = prepared.note;
    return { result: { operationId: op.id, total: prepared.total, ...(note ? { note } : {}) }, counts: { total: prepared.total } };
  });
}

/** The end of an operation found interrupted at start, audited like any other end. */
export async function auditInterrupted(rt: Pick<Runtime, "audit">, { view, finishAudit }: InterruptedOperation): Promise<void> {
  if (!finishAudit) return;
  await rt.audit.append({
    ...finishAudit,
    params: { ...finishAudit.params, operationId: view.id, status: view.status },
    outcome: "failed",
    counts: { total: view.total, done: view.done, failed: view.failed, skipped: view.skipped },
    ...(view.error ? { error: view.error } : {}),
  });
}
