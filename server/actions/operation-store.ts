import "server-only";
import type { Db } from "@/server/store/db";
import type { NewAuditEntry } from "@/server/store/audit";
import type { OperationStatus, OperationView } from "./operations";

/** The audit row an operation writes when it ends: who started what, on which target. */
export type FinishAudit = Pick<NewAuditEntry, "actor" | "actorKind" | "actorId" | "action" | "source" | "target" | "params">;

/** A row found "running" at start, now "interrupted", with the audit row its end owes. */
export interface InterruptedOperation {
  view: OperationView;
  finishAudit?: FinishAudit;
}

interface Row {
  id: string;
  kind: string;
  source: string | null;
  target: string | null;
  status: OperationStatus;
  done: number;
  total: number;
  failed: number;
  skipped: number;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  note: string | null;
  if_interrupted: string | null;
  finish_audit: string | null;
}

/** Finished operations are kept this long, then pruned at start. */
export const KEEP_OPERATIONS_DAYS = 30;

const toView = (r: Row): OperationView => ({
  id: r.id,
  kind: r.kind,
  ...(r.source ? { source: r.source } : {}),
  ...(r.target ? { target: r.target } : {}),
  status: r.status,
  done: r.done,
  total: r.total,
  failed: r.failed,
  skipped: r.skipped,
  startedAt: r.started_at,
  ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
  ...(r.error ? { error: r.error } : {}),
  ...(r.note ? { note: r.note } : {}),
});

/**
 * What a stop mid-run leaves behind, said with the figures of the last saved progress. Progress
 * is saved at most once a second, so more may have been done than the row says.
 */
export function interruptedMessage(view: OperationView, ifInterrupted: string | null): string {
  const figures = view.total > 0 ? `at least ${view.done} of ${view.total} done` : `at least ${view.done} done`;
  const what = ifInterrupted ?? "Rerun it to finish what is left.";
  return `QueueDeck stopped while this ran (${figures} when progress was last saved). ${what}`;
}

/** Operations in the store: one row each, written at start, at most once a second while running, and at the end. */
export class OperationStore {
  constructor(private readonly db: Db) {}

  async insert(view: OperationView, extra: { ifInterrupted?: string; finishAudit?: FinishAudit }): Promise<void> {
    await this.db.run(
      `INSERT INTO operations (id, kind, source, target, status, done, total, failed, skipped, started_at, note, if_interrupted, finish_audit)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        view.id,
        view.kind,
        view.source ?? null,
        view.target ?? null,
        view.status,
        view.done,
        view.total,
        view.failed,
        view.skipped,
        view.startedAt,
        view.note ?? null,
        extra.ifInterrupted ?? null,
        extra.finishAudit ? JSON.stringify(extra.finishAudit) : null,
      ],
    );
  }

  /** Progress and, once it ends, the final status; a row already ended is never changed again. */
  async save(view: OperationView): Promise<void> {
    await this.db.run(
      `UPDATE operations SET status = ?, done = ?, total = ?, failed = ?, skipped = ?, finished_at = ?, error = ?
       WHERE id = ? AND status = 'running'`,
      [view.status, view.done, view.total, view.failed, view.skipped, view.finishedAt ?? null, view.error ?? null, view.id],
    );
  }

  async get(id: string): Promise<OperationView | undefined> {
    const r = await this.db.get<Row>("SELECT * FROM operations WHERE id = ?", [id]);
    return r && toView(r);
  }

  /** Newest first. */
  async list(limit: number): Promise<OperationView[]> {
    return (await this.db.all<Row>("SELECT * FROM operations ORDER BY started_at DESC LIMIT ?", [limit])).map(toView);
  }

  /**
   * At start: no operation can be running yet, so every row still "running" was cut short by
   * a stop or a kill. Each becomes "interrupted" with what that means for its kind.
   */
  markInterrupted(now = new Date()): Promise<InterruptedOperation[]> {
    return this.db.tx(async (q) => {
      const rows = await q.all<Row>("SELECT * FROM operations WHERE status = 'running'");
      const out: InterruptedOperation[] = [];
      for (const r of rows) {
        const view = toView(r);
        const error = interruptedMessage(view, r.if_interrupted);
        await q.run("UPDATE operations SET status = 'interrupted', finished_at = ?, error = ? WHERE id = ?", [now.toISOString(), error, r.id]);
        const finishAudit = r.finish_audit ? (JSON.parse(r.finish_audit) as FinishAudit) : undefined;
        out.push({ view: { ...view, status: "interrupted" as const, finishedAt: now.toISOString(), error }, ...(finishAudit ? { finishAudit } : {}) });
      }
      return out;
    });
  }

  prune(now = Date.now(), days = KEEP_OPERATIONS_DAYS): Promise<number> {
    const cutoff = new Date(now - days * 86_400_000).toISOString();
    return this.db.run("DELETE FROM operations WHERE status <> 'running' AND started_at < ?", [cutoff]);
  }
}
