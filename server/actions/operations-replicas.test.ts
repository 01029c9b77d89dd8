import { afterEach, beforeEach, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { AuditLog } from "@/server/store/audit";
import type { Sql } from "@/server/store/sql";
import { openTestStore, STORE_KINDS, STORE_TEST_TIMEOUT, type TestStore } from "@/tests/support/stores";
import { OperationStore, type FinishAudit } from "./operation-store";
import { Operations, type OperationMeta, type OperationProgress, type OperationView } from "./operations";
import { interruptOrphans } from "./orphans";

// Two replicas (A and B) on one database, each with a connection of its own, as two processes
// would be: what one runs, the other reads, cancels through the row, or sweeps when A is gone.

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until `read` gives what `ok` wants (the end is written in the background). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (ok(v)) return v;
    await tick(10);
  }
  return read();
}

const finishAudit: FinishAudit = { actor: "alice", actorKind: "user", actorId: "alice", action: "queue.replay.finished", source: "rabbit", target: "a → b", params: {} };
const meta: OperationMeta = { kind: "replay", source: "rabbit", target: "a → b", total: 10, ifInterrupted: "Replay again.", finishAudit };

/** An operation that runs until `release()` (or its abort, which ends it as cancelled). */
async function startHeld(ops: Operations, onFinish?: (v: OperationView) => void) {
  let progress!: OperationProgress;
  let release!: () => void;
  const view = await ops.start(
    meta,
    (p) => {
      progress = p;
      return new Promise<void>((resolve, reject) => {
        release = resolve;
        p.signal.addEventListener("abort", () => reject(new Error("aborted")));
      });
    },
    onFinish,
  );
  return { view, progress, release };
}

describe.each(STORE_KINDS)("Operations on replicas sharing one %s store", (kind) => {
  let t: TestStore;
  let dbB: Sql;
  let a: Operations;
  let b: Operations;
  let audit: AuditLog;
  const finished = async () => (await audit.list({ limit: 50, action: "queue.replay.finished" })).items;
  beforeEach(async () => {
    t = await openTestStore(kind);
    dbB = await t.reopen();
    a = new Operations(new OperationStore(t.db, "A"));
    b = new Operations(new OperationStore(dbB, "B"));
    audit = new AuditLog(dbB);
  });
  afterEach(() => t.close());

  it("keeps the replica on the row and shows the owner's saved progress on the other replica", async () => {
    const { view, progress, release } = await startHeld(a);
    expect(view).toMatchObject({ status: "running", replica: "A" });
    progress.update({ done: 3 });
    // Within the first second only A's memory has it; B reads the row.
    expect(await a.get(view.id)).toMatchObject({ done: 3, replica: "A" });
    expect(await b.get(view.id)).toMatchObject({ status: "running", done: 0, total: 10, replica: "A" });
    await tick(1050);
    progress.update({ done: 7 });
    expect(await until(() => b.get(view.id), (v) => v?.done === 7)).toMatchObject({ status: "running", done: 7, replica: "A" });
    expect((await b.list()).find((v) => v.id === view.id)).toMatchObject({ status: "running", done: 7, replica: "A" });
    progress.update({ done: 10 });
    release();
    expect(await until(() => b.get(view.id), (v) => v?.status === "done")).toMatchObject({ status: "done", done: 10, replica: "A" });
  });

  it("sweeps another replica's operation only once that replica is not alive, audited once by concurrent sweeps", async () => {
    const ends: OperationView[] = [];
    const { view, release } = await startHeld(a, (v) => void ends.push(v));
    // A alive: B leaves it. A itself, even with no heartbeat seen (as on SQLite), keeps what it runs.
    expect(await interruptOrphans({ operations: b, audit }, new Set(["A", "B"]))).toEqual([]);
    expect(await interruptOrphans({ operations: a, audit }, new Set())).toEqual([]);
    expect((await b.get(view.id))?.status).toBe("running");

    // A gone: two sweeps at once (B twice, and a third replica C) mark it once.
    const c = new Operations(new OperationStore(t.db, "C"));
    const swept = await Promise.all([
      interruptOrphans({ operations: b, audit }, new Set(["B", "C"])),
      interruptOrphans({ operations: b, audit }, new Set(["B", "C"])),
      interruptOrphans({ operations: c, audit }, new Set(["B", "C"])),
    ]);
    expect(swept.flat().map((o) => o.view.id)).toEqual([view.id]);
    expect(swept.flat()[0]!.view).toMatchObject({ status: "interrupted", replica: "A", done: 0, total: 10 });
    const row = await b.get(view.id);
    expect(row).toMatchObject({ status: "interrupted", replica: "A" });
    expect(row?.error).toBe("QueueDeck stopped while this ran (at least 0 of 10 done when progress was last saved). Replay again.");
    expect(await finished()).toHaveLength(1);
    expect((await finished())[0]).toMatchObject({ actor: "alice", outcome: "failed", params: { operationId: view.id, status: "interrupted" } });

    // A was only slow, and ends later: the row stays interrupted and its end is not audited again.
    release();
    expect(await until(() => a.get(view.id), (v) => v?.status === "interrupted")).toMatchObject({ status: "interrupted" });
    expect(ends).toEqual([]);
    expect(await finished()).toHaveLength(1);
  });

  it("marks the rows of its own replica id left by the run before a restart, and rows without a replica", async () => {
    const { view } = await startHeld(a); // never released: this "process" dies
    const old = await startHeld(a);
    await t.db.run("UPDATE operations SET replica = NULL WHERE id = ?", [old.view.id]);
    // Restarted under the same id (alive again by its heartbeat), on a new connection.
    const restarted = new Operations(new OperationStore(await t.reopen(), "A"));
    const found = await interruptOrphans({ operations: restarted, audit }, new Set(["A", "B"]));
    expect(found.map((o) => o.view.id).sort()).toEqual([view.id, old.view.id].sort());
    expect((await restarted.get(view.id))?.status).toBe("interrupted");
    expect((await restarted.get(old.view.id))?.replica).toBeUndefined();
    expect(await finished()).toHaveLength(2);
    expect(await interruptOrphans({ operations: restarted, audit }, new Set(["A", "B"]))).toEqual([]);
  });

  it("passes a cancel from another replica through the row to the owner's next poll", async () => {
    const op = await startHeld(a);
    const other = await startHeld(a);
    const asked = await b.cancel(op.view.id);
    expect(asked).toMatchObject({ id: op.view.id, status: "running", replica: "A", cancelRequested: true });
    expect(await b.get(op.view.id)).toMatchObject({ status: "running", cancelRequested: true });
    // Nothing runs on B: its poll has nothing to do; A's aborts only the one asked for.
    await b.pollCancels();
    await a.pollCancels();
    expect(await until(() => b.get(op.view.id), (v) => v?.status === "cancelled")).toMatchObject({ status: "cancelled", replica: "A" });
    expect((await b.get(op.view.id))?.cancelRequested).toBeUndefined();
    expect((await a.get(op.view.id))?.status).toBe("cancelled");
    expect((await b.get(other.view.id))?.status).toBe("running");
    expect((await a.get(other.view.id))?.cancelRequested).toBeUndefined();

    // An ended operation is returned unchanged; an unknown one is not found.
    other.release();
    const done = await until(() => b.get(other.view.id), (v) => v?.status === "done");
    expect(await b.cancel(other.view.id)).toEqual(done);
    const raw = await t.db.get<{ cancel_requested: number }>("SELECT cancel_requested FROM operations WHERE id = ?", [other.view.id]);
    expect(raw?.cancel_requested).toBe(0);
    expect(await b.cancel(crypto.randomUUID())).toBeUndefined();
  });

  it("cancels at once what runs here, and says so until it stops", async () => {
    const op = await startHeld(a);
    expect(await a.cancel(op.view.id)).toMatchObject({ status: "running", cancelRequested: true });
    expect(await until(() => b.get(op.view.id), (v) => v?.status === "cancelled")).toMatchObject({ status: "cancelled" });
    expect((await a.get(op.view.id))?.cancelRequested).toBeUndefined();
  });
}, STORE_TEST_TIMEOUT);
