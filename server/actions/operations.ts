import "server-only";
import crypto from "node:crypto";
import { errorText } from "@/server/redact";
import type { FinishAudit, InterruptedOperation, OperationStore } from "./operation-store";

/** "interrupted": the QueueDeck replica running it stopped (or was killed); found so at the next start or by another replica. */
export type OperationStatus = "running" | "done" | "failed" | "cancelled" | "interrupted";

export interface OperationView {
  id: string;
  kind: string;
  source?: string;
  target?: string;
  status: OperationStatus;
  done: number;
  total: number;
  failed: number;
  skipped: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
  /** What the UI must say about duplicates or partial effects. */
  note?: string;
  /** The replica that runs (ran) it, when several share the store; absent on rows from before replicas. */
  replica?: string;
  /** Still running, with a cancel asked for: the replica running it aborts it at its next poll. */
  cancelRequested?: true;
}

export interface OperationProgress {
  /** Set by the runner as it goes. */
  update(p: Partial<Pick<OperationView, "done" | "total" | "failed" | "skipped">>): void;
  readonly signal: AbortSignal;
}

export interface OperationMeta {
  kind: string;
  source?: string;
  target?: string;
  total?: number;
  note?: string;
  /** What stays true if QueueDeck stops mid-run (e.g. "a rerun resumes..."), shown when found interrupted. */
  ifInterrupted?: string;
  /** The audit row the operation's end writes, kept so a restart can write it for an interrupted one. */
  finishAudit?: FinishAudit;
}

interface Entry {
  view: OperationView;
  controller: AbortController;
}

/** Progress reaches the store at most this often (the end is always written). */
export const SAVE_PROGRESS_MS = 1000;

/**
 * Long-running actions (replay, retry-all...) run here in the background with progress and
 * cancel. Running ones live in memory (their abort controller) and in the store; finished ones
 * in the store only, so they survive a restart and a kill shows as "interrupted".
 *
 * With several replicas on one database, an operation runs on the replica that started it (the
 * store's `replica`); the others read its row (progress saved at most once a second) and pass a
 * cancel on through the row's cancel_requested, which the owner's pollCancels() acts on.
 */
export class Operations {
  private running = new Map<string, Entry>();

  constructor(private readonly store: OperationStore) {}

  /** This process's replica id, written on the operations it starts. */
  get replica(): string {
    return this.store.replica;
  }

  /** The row is written before the work starts: a kill at any point after leaves it to be found interrupted. */
  async start(meta: OperationMeta, run: (progress: OperationProgress) => Promise<void>, onFinish?: (view: OperationView) => Promise<void> | void): Promise<OperationView> {
    const id = crypto.randomUUID();
    const controller = new AbortController();
    const view: OperationView = {
      id,
      kind: meta.kind,
      ...(meta.source ? { source: meta.source } : {}),
      ...(meta.target ? { target: meta.target } : {}),
      status: "running",
      done: 0,
      total: meta.total ?? 0,
      failed: 0,
      skipped: 0,
      startedAt: new Date().toISOString(),
      ...(meta.note ? { note: meta.note } : {}),
      replica: this.replica,
    };
    // Known here before the row exists: a sweep of orphans (markOrphans) never takes it for one.
    this.running.set(id, { view, controller });
    try {
      await this.store.insert(view, { ...(meta.ifInterrupted ? { ifInterrupted: meta.ifInterrupted } : {}), ...(meta.finishAudit ? { finishAudit: meta.finishAudit } : {}) });
    } catch (err) {
      this.running.delete(id);
      throw err;
    }
    let savedAt = Date.now();
    const progress: OperationProgress = {
      update: (p) => {
        Object.assign(view, p);
        if (Date.now() - savedAt >= SAVE_PROGRESS_MS) {
          savedAt = Date.now();
          void this.save(view);
        }
      },
      signal: controller.signal,
    };
    void run(progress)
      .then(() => {
        view.status = controller.signal.aborted ? "cancelled" : "done";
      })
      .catch((err: unknown) => {
        view.status = controller.signal.aborted ? "cancelled" : "failed";
        view.error = errorText(err);
      })
      .finally(async () => {
        view.finishedAt = new Date().toISOString();
        delete view.cancelRequested;
        const kept = await this.save(view);
        this.running.delete(id);
        if (!kept) {
          // Another replica took this one for an orphan and has already audited its end as interrupted.
          console.error(`[queuedeck] operation ${id} ended (${view.status}) after it was marked interrupted; its row stays so`);
          return;
        }
        try {
          await onFinish?.({ ...view });
        } catch (err) {
          console.error(`[queuedeck] finishing operation ${id} failed: ${errorText(err)}`);
        }
      });
    return { ...view };
  }

  async get(id: string): Promise<OperationView | undefined> {
    const e = this.running.get(id);
    return e ? { ...e.view } : this.store.get(id);
  }

  /**
   * Running here: aborted at once. Running on another replica: the request is left in its row,
   * and the view says so (still "running") until that replica's pollCancels() aborts it. An
   * operation that has ended is returned unchanged; one not found, undefined.
   */
  async cancel(id: string): Promise<OperationView | undefined> {
    const e = this.running.get(id);
    if (!e) {
      await this.store.requestCancel(id);
      return this.store.get(id);
    }
    e.controller.abort();
    e.view.cancelRequested = true;
    return { ...e.view };
  }

  /** Aborts the operations running here whose cancel another replica asked for; called periodically. */
  async pollCancels(): Promise<void> {
    if (this.running.size === 0) return;
    for (const id of await this.store.cancelRequested()) {
      const e = this.running.get(id);
      if (!e || e.controller.signal.aborted) continue;
      e.controller.abort();
      e.view.cancelRequested = true;
    }
  }

  /**
   * Marks "interrupted" the running rows no live replica runs (see OperationStore.markInterrupted),
   * keeping the ones running in this process. Returns only the rows this call changed.
   */
  markOrphans(live: ReadonlySet<string>, now = new Date()): Promise<InterruptedOperation[]> {
    return this.store.markInterrupted(live, this.replica, now, (id) => this.running.has(id));
  }

  /** Newest first; running ones with their latest progress. */
  async list(limit = 100): Promise<OperationView[]> {
    return (await this.store.list(limit)).map((v) => {
      const e = this.running.get(v.id);
      return e ? { ...e.view } : v;
    });
  }

  /**
   * A failed write of progress must not end the operation: the next one (or the end) catches up.
   * False only when the row had ended already (marked interrupted by another replica).
   */
  private async save(view: OperationView): Promise<boolean> {
    try {
      return (await this.store.save(view)) > 0;
    } catch (err) {
      console.error(`[queuedeck] could not save operation ${view.id}: ${errorText(err)}`);
      return true;
    }
  }
}
