import "server-only";
import type { PreparedMove } from "@/server/brokers/ops/messages";
import type { OperationView } from "./operations";
import type { PreparedOperation } from "./start-operation";

/**
 * Replay, delayed retry and move as a started operation: the broker's PreparedMove, shown as
 * "<from> → <where to>" while it runs, reporting moved / failed / skipped.
 */
export async function prepareMove(shownFrom: string, prepare: () => Promise<PreparedMove>): Promise<PreparedOperation> {
  const prepared = await prepare();
  return {
    total: prepared.total,
    note: prepared.note,
    shownTarget: `${shownFrom} → ${prepared.target}`,
    ...(prepared.ifInterrupted ? { ifInterrupted: prepared.ifInterrupted } : {}),
    run: async (progress) => {
      const r = await prepared.run(progress);
      progress.update({ done: r.moved, failed: r.failed, skipped: r.skipped });
    },
  };
}

/** The final report of a move, audited as `<action>.finished`. */
export function moveFinalCounts(view: OperationView): Record<string, number> {
  return { total: view.total, moved: view.done, failed: view.failed, skipped: view.skipped };
}
