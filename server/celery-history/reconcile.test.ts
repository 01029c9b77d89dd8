import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestStore, STORE_KINDS, STORE_TEST_TIMEOUT, type TestStore } from "@/tests/support/stores";
import { eventFromMeta } from "./reconcile";
import { CeleryHistoryStore } from "./store";

describe("finishing history rows from the result backend", () => {
  it("reads Celery's JSON backend entries as the final event they stand for", () => {
    const ok = eventFromMeta("t1", JSON.stringify({ status: "SUCCESS", result: { rows: 400 }, traceback: null, children: [], date_done: "2026-12-02T14:10:00.250000", task_id: "t1" }));
    expect(ok).toEqual({ type: "task-succeeded", uuid: "t1", timestamp: Date.parse("2026-12-02T14:10:00.250Z") / 1000, result: '{"rows":400}' });
    const failed = eventFromMeta("t2", JSON.stringify({ status: "FAILURE", result: { exc_type: "TypeError", exc_message: ["unsupported operand"], exc_module: "builtins" }, traceback: "Traceback...\nTypeError", date_done: "2026-12-02T14:10:01+00:00" }));
    expect(failed).toMatchObject({ type: "task-failed", exception: 'TypeError("unsupported operand")', traceback: "Traceback...\nTypeError", timestamp: Date.parse("2026-12-02T14:10:01Z") / 1000 });
    expect(eventFromMeta("t3", JSON.stringify({ status: "REVOKED", date_done: null }))).toEqual({ type: "task-revoked", uuid: "t3" });
    // Not finished, missing, or not JSON: nothing to say.
    expect(eventFromMeta("t4", JSON.stringify({ status: "PROGRESS", result: { current: 2 } }))).toBeUndefined();
    expect(eventFromMeta("t5", null)).toBeUndefined();
    expect(eventFromMeta("t6", "\x80\x04pickle")).toBeUndefined();
  });

});

describe.each(STORE_KINDS)("finishing history rows from the result backend on %s", (kind) => {
  let ts: TestStore;
  beforeEach(async () => {
    ts = await openTestStore(kind);
  });
  afterEach(() => ts.close());

  it("lists unfinished rows, and a backend event finishes one while keeping its worker", async () => {
    const store = new CeleryHistoryStore(ts.db);
    const t = Date.now() / 1000;
    await store.ingest("c", [
      { type: "task-received", uuid: "a", hostname: "w1@h", name: "demo.long_report", timestamp: t },
      { type: "task-started", uuid: "a", hostname: "w1@h", timestamp: t + 1 },
      { type: "task-succeeded", uuid: "b", hostname: "w1@h", name: "demo.add", timestamp: t, result: "3", runtime: 0.01 },
    ]);
    expect(await store.unfinished("c", 10)).toEqual(["a"]);
    await store.ingest("c", [eventFromMeta("a", JSON.stringify({ status: "SUCCESS", result: 7, date_done: new Date((t + 5) * 1000).toISOString() }))!]);
    expect(await store.unfinished("c", 10)).toEqual([]);
    expect(await store.detail("c", "a")).toMatchObject({ state: "SUCCESS", result: "7", worker: "w1@h" });
  });
}, STORE_TEST_TIMEOUT);
