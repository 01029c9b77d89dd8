import "server-only";
import type { Db } from "@/server/store/db";
import type { NewAuditEntry } from "@/server/store/audit";
import type { OperationStatus, OperationView } from "./operations";

/** The audit row an operation writes when it ends: who started what, on which target. */
export type FinishAudit = Pick<NewAuditEntry, "actor" | "actorKind" | "actorId" | "action" | "source" | "target" | "params">;

/** A row found "running" with no live replica running it, now "interrupted", with the audit row its end owes. */
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
  replica: string | null;
  cancel_requested: number;
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
  ...(r.replica ? { replica: r.replica } : {}),
  // A request still waiting for its owner; once the operation ends its status says the rest.
  ...(r.cancel_requested && r.status === "running" ? { cancelRequested: true as const } : {}),
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
  /** `replica`: this process's id among the replicas sharing the database (server/replicas/identity.ts), kept on the rows it inserts. */
  constructor(
    private readonly db: Db,
    readonly replica: string,
  ) {}

  async insert(view: OperationView, extra: { ifInterrupted?: string; finishAudit?: FinishAudit }): Promise<void> {
    await this.db.run(
      `INSERT INTO operations (id, kind, source, target, status, done, total, failed, skipped, started_at, note, if_interrupted, finish_audit, replica)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        this.replica,
      ],
    );
  }

  /**
   * Progress and, once it ends, the final status; a row already ended is never changed again.
   * Returns 0 when the row had ended already (e.g. another replica marked it interrupted).
   */
  save(view: OperationView): Promise<number> {
    return this.db.run(
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

  /** Asks the replica running `id` to cancel it (its pollCancels() aborts it); false if it has ended. */
  async requestCancel(id: string): Promise<boolean> {
    return (await this.db.run("UPDATE operations SET cancel_requested = 1 WHERE id = ? AND status = 'running'", [id])) > 0;
  }

  /** Of the running rows this replica owns, the ids whose cancel another replica asked for. */
  async cancelRequested(): Promise<string[]> {
    const rows = await this.db.all<{ id: string }>("SELECT id FROM operations WHERE status = 'running' AND cancel_requested = 1 AND replica = ?", [this.replica]);
    return rows.map((r) => r.id);
  }

  /**
   * Every row still "running" that no live process runs becomes "interrupted", with what that
   * means for its kind: rows without a replica (written before replicas), rows of a replica not
   * in `live` (stopped or killed), and rows of `me` that `runningHere` does not know (the same
   * replica id before a restart). Each row is marked by one guarded UPDATE, and only the rows
   * this call changed are returned: replicas sweeping at once never report (audit) a row twice.
   * `runningHere` is asked after the read, so an operation that started meanwhile is kept.
   */
  async markInterrupted(live: ReadonlySet<string>, me: string, now = new Date(), runningHere: (id: string) => boolean = () => false): Promise<InterruptedOperation[]> {
    const rows = await this.db.all<Row>("SELECT * FROM operations WHERE status = 'running'");
    const orphan = (r: Row) => (r.replica === null ? true : r.replica === me ? !runningHere(r.id) : !live.has(r.replica));
    const out: InterruptedOperation[] = [];
    for (const r of rows.filter(orphan)) {
      const error = interruptedMessage(toView(r), r.if_interrupted);
      const finishedAt = now.toISOString();
      const changed = await this.db.run("UPDATE operations SET status = 'interrupted', finished_at = ?, error = ? WHERE id = ? AND status = 'running'", [finishedAt, error, r.id]);
      if (changed === 0) continue; // another replica marked it (or it ended) since the read
      const finishAudit = r.finish_audit ? (JSON.parse(r.finish_audit) as FinishAudit) : undefined;
      out.push({ view: toView({ ...r, status: "interrupted", finished_at: finishedAt, error }), ...(finishAudit ? { finishAudit } : {}) });
    }
    return out;
  }

  prune(now = Date.now(), days = KEEP_OPERATIONS_DAYS): Promise<number> {
    const cutoff = new Date(now - days * 86_400_000).toISOString();
    return this.db.run("DELETE FROM operations WHERE status <> 'running' AND started_at < ?", [cutoff]);
  }
}
