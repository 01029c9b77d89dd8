import "server-only";
import crypto from "node:crypto";
import { errorText } from "@/server/redact";

export type OperationStatus = "running" | "done" | "failed" | "cancelled";

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

interface Entry {
  view: OperationView;
  controller: AbortController;
}

const KEEP_FINISHED_MS = 60 * 60_000;

/** Long-running actions (replay, retry-all, search) run here in the background with progress and cancel. */
export class Operations {
  private entries = new Map<string, Entry>();

  start(
    meta: { kind: string; source?: string; target?: string; total?: number; note?: string },
    run: (progress: OperationProgress) => Promise<void>,
    onFinish?: (view: OperationView) => void,
  ): OperationView {
    this.gc();
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
    this.entries.set(id, { view, controller });
    const progress: OperationProgress = {
      update: (p) => Object.assign(view, p),
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
      .finally(() => {
        view.finishedAt = new Date().toISOString();
        onFinish?.({ ...view });
      });
    return { ...view };
  }

  get(id: string): OperationView | undefined {
    const e = this.entries.get(id);
    return e && { ...e.view };
  }

  cancel(id: string): OperationView | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.view.status === "running") e.controller.abort();
    return { ...e.view };
  }

  list(): OperationView[] {
    return [...this.entries.values()].map((e) => ({ ...e.view })).reverse();
  }

  private gc(now = Date.now()): void {
    for (const [id, e] of this.entries) {
      if (e.view.finishedAt && now - Date.parse(e.view.finishedAt) > KEEP_FINISHED_MS) this.entries.delete(id);
    }
  }
}
