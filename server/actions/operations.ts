import "server-only";
import crypto from "node:crypto";
import { errorText } from "@/server/redact";
import type { FinishAudit, OperationStore } from "./operation-store";

/** "interrupted": QueueDeck stopped (or was killed) while the operation ran; found so at the next start. */
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
 */
export class Operations {
  private running = new Map<string, Entry>();

  constructor(private readonly store: OperationStore) {}

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
    };
    await this.store.insert(view, { ...(meta.ifInterrupted ? { ifInterrupted: meta.ifInterrupted } : {}), ...(meta.finishAudit ? { finishAudit: meta.finishAudit } : {}) });
    this.running.set(id, { view, controller });
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
        await this.save(view);
        this.running.delete(id);
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

  async cancel(id: string): Promise<OperationView | undefined> {
    const e = this.running.get(id);
    if (!e) return this.store.get(id);
    e.controller.abort();
    return { ...e.view };
  }

  /** Newest first; running ones with their latest progress. */
  async list(limit = 100): Promise<OperationView[]> {
    return (await this.store.list(limit)).map((v) => {
      const e = this.running.get(v.id);
      return e ? { ...e.view } : v;
    });
  }

  /** A failed write of progress must not end the operation: the next one (or the end) catches up. */
  private async save(view: OperationView): Promise<void> {
    try {
      await this.store.save(view);
    } catch (err) {
      console.error(`[queuedeck] could not save operation ${view.id}: ${errorText(err)}`);
    }
  }
}
