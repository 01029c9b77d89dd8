import "server-only";
import type { Runtime } from "@/server/runtime";
import type { Principal } from "@/server/auth/principal";
import type { PreparedMove } from "@/server/brokers/ops/messages";
import { startOperation } from "./start-operation";

/** Replay, delayed retry and move: a started operation whose report is moved / failed / skipped. */
export async function startMoveOperation(
  rt: Runtime,
  who: Principal,
  spec: { action: string; kind: string; source: string; queue: string; params: Record<string, unknown> },
  prepare: () => Promise<PreparedMove>,
): Promise<{ operationId: string; total: number; note: string }> {
  let note = "";
  const started = await startOperation(
    rt,
    who,
    { action: spec.action, kind: spec.kind, source: spec.source, target: spec.queue, params: spec.params },
    async () => {
      const prepared = await prepare();
      note = prepared.note;
      return {
        total: prepared.total,
        note: prepared.note,
        shownTarget: `${spec.queue} → ${prepared.target}`,
        run: async (progress) => {
          const r = await prepared.run(progress);
          progress.update({ done: r.moved, failed: r.failed, skipped: r.skipped });
        },
      };
    },
    (view) => ({ total: view.total, moved: view.done, failed: view.failed, skipped: view.skipped }),
  );
  return { operationId: started.operationId, total: started.total, note };
}
