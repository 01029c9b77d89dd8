import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDb } from "@/server/store/db";
import { AuditLog } from "@/server/store/audit";
import { OperationStore } from "./operation-store";
import { Operations, type OperationProgress } from "./operations";
import { auditInterrupted } from "./start-operation";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Operations in the store", () => {
  it("writes start, throttled progress and the end; a finished one is read back from the store", async () => {
    const store = new OperationStore(openDb(":memory:"));
    const ops = new Operations(store);
    let progress!: OperationProgress;
    let finish!: () => void;
    const started = ops.start({ kind: "replay", source: "rabbit", target: "a → b", total: 10 }, (p) => {
      progress = p;
      return new Promise<void>((r) => (finish = r));
    });
    expect(store.get(started.id)).toMatchObject({ status: "running", done: 0, total: 10 });
    // Within a second of the start: memory moves on, the store waits.
    progress.update({ done: 3 });
    expect(ops.get(started.id)?.done).toBe(3);
    expect(store.get(started.id)?.done).toBe(0);
    await tick(1050);
    progress.update({ done: 4 });
    expect(store.get(started.id)?.done).toBe(4);
    progress.update({ done: 10 });
    finish();
    await tick(10);
    expect(store.get(started.id)).toMatchObject({ status: "done", done: 10 });
    expect(store.get(started.id)?.finishedAt).toBeDefined();
    expect(ops.get(started.id)).toMatchObject({ status: "done", done: 10 });
    expect(ops.list().map((v) => v.id)).toEqual([started.id]);
  });

  it("marks a row left running by a killed process as interrupted at the next open, with its figures and audit row", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-ops-"));
    const first = new Operations(new OperationStore(openDb(dir)));
    const op = first.start(
      {
        kind: "retry all failed",
        source: "jobs",
        target: "emails",
        total: 500,
        ifInterrupted: "Retry all again to retry the rest.",
        finishAudit: { actor: "alice", actorKind: "user", actorId: "alice", action: "queue.retry-all.finished", source: "jobs", target: "emails", params: { state: "failed" } },
      },
      (p) => {
        p.update({ done: 200 });
        return new Promise<void>(() => undefined); // never ends: the process "dies"
      },
    );
    // The first update is at the start, within the throttle: the row keeps done 0 as a kill would leave it.
    const db = openDb(dir);
    const store = new OperationStore(db);
    const found = store.markInterrupted();
    expect(found).toHaveLength(1);
    expect(found[0]!.view).toMatchObject({ id: op.id, status: "interrupted", done: 0, total: 500 });
    expect(found[0]!.view.error).toBe(
      "QueueDeck stopped while this ran (at least 0 of 500 done when progress was last saved). Retry all again to retry the rest.",
    );
    const audit = new AuditLog(db);
    auditInterrupted({ audit }, found[0]!);
    expect(audit.list({ limit: 5 }).items[0]).toMatchObject({
      actor: "alice",
      action: "queue.retry-all.finished",
      outcome: "failed",
      params: { state: "failed", operationId: op.id, status: "interrupted" },
      counts: { total: 500, done: 0, failed: 0, skipped: 0 },
    });
    expect(new Operations(store).get(op.id)?.status).toBe("interrupted");
    // Marked once: a second start finds nothing running.
    expect(store.markInterrupted()).toEqual([]);
    // The old process finishing late (it cannot, once killed) would not overwrite the interrupted row.
    store.save({ ...found[0]!.view, status: "done", done: 500 });
    expect(store.get(op.id)?.status).toBe("interrupted");
  });

  it("prunes ended operations older than the retention, never running ones", () => {
    const store = new OperationStore(openDb(":memory:"));
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const base = { kind: "replay", done: 0, total: 1, failed: 0, skipped: 0, startedAt: old };
    store.insert({ ...base, id: "a", status: "running" }, {});
    store.insert({ ...base, id: "b", status: "running" }, {});
    store.save({ ...base, id: "b", status: "done", finishedAt: old });
    expect(store.prune()).toBe(1);
    expect(store.get("a")?.status).toBe("running");
    expect(store.get("b")).toBeUndefined();
  });
});
