import "server-only";
import type { Runtime } from "@/server/runtime";
import type { Principal } from "@/server/http/principal";
import type { BrokerAdapter } from "@/server/brokers/adapter";
import type { MessageOps, PreparedMove } from "@/server/brokers/ops/messages";
import { unsupported } from "@/server/http/errors";
import { runAction } from "./run-action";

export function messageOps(adapter: BrokerAdapter): MessageOps {
  if (!adapter.messages) throw unsupported("message operations");
  return adapter.messages;
}

/**
 * Replay, delayed retry and move: checked and counted inside runAction (so the start is
 * authorized and audited with its total), then run as a background operation whose final
 * report (moved, failed, skipped) is audited when it ends, however it ends.
 */
export async function startMoveOperation(
  rt: Runtime,
  who: Principal,
  spec: { action: string; kind: string; source: string; queue: string; params: Record<string, unknown> },
  prepare: () => Promise<PreparedMove>,
): Promise<{ operationId: string; total: number; note: string }> {
  return runAction(rt, who, { action: spec.action, source: spec.source, target: spec.queue, params: spec.params }, async () => {
    const prepared = await prepare();
    const op = rt.operations.start(
      { kind: spec.kind, source: spec.source, target: `${spec.queue} → ${prepared.target}`, total: prepared.total, note: prepared.note },
      async (progress) => {
        const r = await prepared.run(progress);
        progress.update({ done: r.moved, failed: r.failed, skipped: r.skipped });
      },
      (view) =>
        rt.audit.append({
          actor: who.actor,
          action: `${spec.action}.finished`,
          source: spec.source,
          target: spec.queue,
          params: { operationId: view.id, status: view.status },
          outcome: view.status === "failed" ? "failed" : "ok",
          counts: { total: view.total, moved: view.done, failed: view.failed, skipped: view.skipped },
          ...(view.error ? { error: view.error } : {}),
        }),
    );
    return { result: { operationId: op.id, total: prepared.total, note: prepared.note }, counts: { total: prepared.total } };
  });
}
