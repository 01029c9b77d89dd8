import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditLog } from "@/server/store/audit";
import { openTestStore, STORE_KINDS, STORE_TEST_TIMEOUT, type TestStore } from "@/tests/support/stores";
import { OperationStore } from "./operation-store";
import { Operations, type OperationProgress } from "./operations";
import { auditInterrupted } from "./start-operation";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until `read` gives what `ok` wants (a save in the background lands a few ms later on a networked store). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (ok(v)) return v;
    await tick(10);
  }
  return read();
}

describe.each(STORE_KINDS)("Operations in the store on %s", (kind) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(kind);
  });
  afterEach(() => t.close());

  it("writes start, throttled progress and the end; a finished one is read back from the store", async () => {
    const store = new OperationStore(t.db, "r1");
    const ops = new Operations(store);
    let progress!: OperationProgress;
    let finish!: () => void;
    const started = await ops.start({ kind: "replay", source: "rabbit", target: "a → b", total: 10 }, (p) => {
      progress = p;
      return new Promise<void>((r) => (finish = r));
    });
    expect(await store.get(started.id)).toMatchObject({ status: "running", done: 0, total: 10 });
    // Within a second of the start: memory moves on, the store waits.
    progress.update({ done: 3 });
    expect((await ops.get(started.id))?.done).toBe(3);
    expect((await store.get(started.id))?.done).toBe(0);
    await tick(1050);
    progress.update({ done: 4 });
    expect((await until(() => store.get(started.id), (v) => v?.done === 4))?.done).toBe(4);
    progress.update({ done: 10 });
    finish();
    expect(await until(() => store.get(started.id), (v) => v?.status === "done")).toMatchObject({ status: "done", done: 10 });
    expect((await store.get(started.id))?.finishedAt).toBeDefined();
    expect(await until(() => ops.get(started.id), (v) => v?.status === "done")).toMatchObject({ status: "done", done: 10 });
    expect((await ops.list()).map((v) => v.id)).toEqual([started.id]);
  });

  it("marks a row left running by a killed process as interrupted at the next open, with its figures and audit row", async () => {
    const first = new Operations(new OperationStore(t.db, "r1"));
    const op = await first.start(
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
    const db = await t.reopen();
    // Restarted with the same replica id, and no other replica alive.
    const store = new OperationStore(db, "r1");
    const found = await store.markInterrupted(new Set(), "r1");
    expect(found).toHaveLength(1);
    expect(found[0]!.view).toMatchObject({ id: op.id, status: "interrupted", done: 0, total: 500 });
    expect(found[0]!.view.error).toBe(
      "QueueDeck stopped while this ran (at least 0 of 500 done when progress was last saved). Retry all again to retry the rest.",
    );
    const audit = new AuditLog(db);
    await auditInterrupted({ audit }, found[0]!);
    expect((await audit.list({ limit: 5 })).items[0]).toMatchObject({
      actor: "alice",
      action: "queue.retry-all.finished",
      outcome: "failed",
      params: { state: "failed", operationId: op.id, status: "interrupted" },
      counts: { total: 500, done: 0, failed: 0, skipped: 0 },
    });
    expect((await new Operations(store).get(op.id))?.status).toBe("interrupted");
    // Marked once: a second start finds nothing running.
    expect(await store.markInterrupted(new Set(), "r1")).toEqual([]);
    // The old process finishing late (it cannot, once killed) would not overwrite the interrupted row.
    await store.save({ ...found[0]!.view, status: "done", done: 500 });
    expect((await store.get(op.id))?.status).toBe("interrupted");
  });

  it("prunes ended operations older than the retention, never running ones", async () => {
    const store = new OperationStore(t.db, "r1");
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const base = { kind: "replay", done: 0, total: 1, failed: 0, skipped: 0, startedAt: old };
    await store.insert({ ...base, id: "a", status: "running" }, {});
    await store.insert({ ...base, id: "b", status: "running" }, {});
    await store.save({ ...base, id: "b", status: "done", finishedAt: old });
    expect(await store.prune()).toBe(1);
    expect((await store.get("a"))?.status).toBe("running");
    expect(await store.get("b")).toBeUndefined();
  });
}, STORE_TEST_TIMEOUT);
