import { describe, expect, it } from "vitest";
import { CELERY_STATES } from "@/lib/celery";
import { MAX_TIMELINE_STEPS, isTaskEvent, mergeTaskEvents, replacesState, type TaskRow } from "./merge";
import { CLIENT, T0, WORKER, ev, life } from "./test-events";

const ID = "6498a875-caf8-4db7-adfc-b106fdd62fb8";
const ms = (dt: number) => Math.round((T0 + dt) * 1000);

/** Feeds the events one batch at a time, as separate receiver flushes would. */
function oneByOne(events: ReturnType<typeof life>, id = ID): TaskRow {
  let row: TaskRow | undefined;
  for (const e of events) row = mergeTaskEvents(row, id, [e]);
  return row!;
}

describe("mergeTaskEvents", () => {
  it("folds a task's life into one row: state, worker, routing, times, result, runtime, timeline", () => {
    const row = mergeTaskEvents(undefined, ID, life(ID, { queue: "images" }));
    expect(row).toMatchObject({
      state: "SUCCESS",
      name: "demo.add",
      args: "(2, 3)",
      kwargs: "{}",
      worker: WORKER,
      queue: "images",
      exchange: "",
      routingKey: "images",
      result: "5",
      runtime: 0.05,
      rootId: ID,
      parentId: null,
      ts: ms(0),
      sentAt: ms(0),
      receivedAt: ms(0.01),
      startedAt: ms(0.02),
      finishedAt: ms(0.07),
    });
    expect(row.timeline.map(([e, , w]) => [e, w])).toEqual([
      ["sent", CLIENT],
      ["received", WORKER],
      ["started", WORKER],
      ["succeeded", WORKER],
    ]);
  });

  it("ends in the same row whatever order the events arrive in, and a finished task never goes back", () => {
    const inOrder = mergeTaskEvents(undefined, ID, life(ID));
    const reversed = oneByOne([...life(ID)].reverse());
    expect(reversed).toEqual(inOrder);
    // A late task-started after the success changes nothing about the state.
    const late = mergeTaskEvents(inOrder, ID, [ev("started", ID, 0.03)]);
    expect(late.state).toBe("SUCCESS");
    expect(late.finishedAt).toBe(ms(0.07));
  });

  it("keeps RECEIVED when the client's task-sent is stamped after the worker received it", () => {
    // Celery stamps task-sent after publishing: the worker may receive (and log) it first.
    const row = oneByOne([ev("received", ID, 0.01, { name: "demo.add" }), ev("sent", ID, 0.02, { name: "demo.add", queue: "celery" })]);
    expect(row.state).toBe("RECEIVED");
    expect(row.queue).toBe("celery");
    expect(row.sentAt).toBe(ms(0.02));
  });

  it("follows a retry as Celery sends it: the next attempt's sent/received before task-retried", () => {
    const attempt = (n: number, at: number) => [
      ev("sent", ID, at, { name: "demo.flaky", retries: n, parent_id: ID, root_id: ID, eta: `2026-12-02T10:22:4${n}+00:00` }),
      ev("received", ID, at + 0.002, { name: "demo.flaky", retries: n, parent_id: ID, root_id: ID, eta: `2026-12-02T10:22:4${n}+00:00` }),
      ev("retried", ID, at + 0.014, { exception: `RuntimeError('flaky failure on attempt ${n}')`, traceback: "Traceback ..." }),
    ];
    const events = [
      ev("sent", ID, 0, { name: "demo.flaky", retries: 0, root_id: ID, parent_id: null }),
      ev("received", ID, 0.001, { name: "demo.flaky", retries: 0, root_id: ID, parent_id: null }),
      ev("started", ID, 0.006),
      ...attempt(1, 0.035),
    ];
    const retrying = oneByOne(events);
    expect(retrying).toMatchObject({ state: "RETRY", retries: 1, exception: "RuntimeError('flaky failure on attempt 1')", parentId: null, eta: "2026-12-02T10:22:41+00:00" });
    // The retried step sits after the next attempt's received, as the worker stamped them.
    expect(retrying.timeline.map((s) => s[0])).toEqual(["sent", "received", "started", "sent", "received", "retried"]);
    expect(retrying.timeline.at(-1)![3]).toBe("RuntimeError('flaky failure on attempt 1')");

    const restarted = mergeTaskEvents(retrying, ID, [ev("started", ID, 2.08)]);
    expect(restarted.state).toBe("STARTED");
    // A late copy of the first attempt's start does not pull it back, nor does an older retried.
    expect(mergeTaskEvents(restarted, ID, [ev("retried", ID, 0.049, { exception: "x" })]).state).toBe("STARTED");

    const failed = mergeTaskEvents(restarted, ID, [ev("failed", ID, 2.1, { exception: "RuntimeError('flaky failure on attempt 2')", traceback: "Traceback (most recent call last):\n..." })]);
    expect(failed).toMatchObject({ state: "FAILURE", exception: "RuntimeError('flaky failure on attempt 2')", finishedAt: ms(2.1) });
    // task-failed has no runtime: the last start to the failure.
    expect(failed.runtime).toBeCloseTo(0.02, 5);
  });

  it("orders finished states by Celery's precedence: SUCCESS over FAILURE over REVOKED", () => {
    const revoked = mergeTaskEvents(undefined, ID, [ev("revoked", ID, 1, { terminated: true, signum: 15, expired: false })]);
    expect(revoked.state).toBe("REVOKED");
    expect(revoked.timeline[0]![3]).toBe("terminated (SIGTERM)");
    expect(mergeTaskEvents(revoked, ID, [ev("succeeded", ID, 0.5, { result: "1", runtime: 0.1 })]).state).toBe("SUCCESS");
    const ok = mergeTaskEvents(undefined, ID, [ev("succeeded", ID, 1, { result: "1", runtime: 0.1 })]);
    expect(mergeTaskEvents(ok, ID, [ev("failed", ID, 2, { exception: "E()" })]).state).toBe("SUCCESS");
    expect(mergeTaskEvents(ok, ID, [ev("revoked", ID, 2)]).state).toBe("SUCCESS");
  });

  it("is idempotent: the same events twice make the same row, with no doubled steps", () => {
    const once = mergeTaskEvents(undefined, ID, life(ID));
    expect(mergeTaskEvents(once, ID, life(ID))).toEqual(once);
  });

  it("records a parent, but not the task itself as its own parent (a retry's task-sent)", () => {
    const child = mergeTaskEvents(undefined, "c", [ev("received", "c", 0, { parent_id: "p", root_id: "r" })]);
    expect(child).toMatchObject({ parentId: "p", rootId: "r" });
    expect(mergeTaskEvents(child, "c", [ev("sent", "c", 1, { parent_id: "c", root_id: "r", retries: 1 })]).parentId).toBe("p");
  });

  it("takes a group id when an event carries one", () => {
    expect(mergeTaskEvents(undefined, ID, [ev("received", ID, 0, { group: "g1" })]).groupId).toBe("g1");
  });

  it("keeps the first step and the newest ones when a task's timeline grows past the cap", () => {
    const events = Array.from({ length: MAX_TIMELINE_STEPS + 10 }, (_, i) => ev(i % 2 ? "received" : "retried", ID, i, { exception: "E()" }));
    const row = mergeTaskEvents(undefined, ID, events);
    expect(row.timeline).toHaveLength(MAX_TIMELINE_STEPS);
    expect(row.timeline[0]![1]).toBe(ms(0));
    expect(row.timeline.at(-1)![1]).toBe(ms(MAX_TIMELINE_STEPS + 9));
  });

  it("uses `now` for an event without a timestamp", () => {
    const row = mergeTaskEvents(undefined, ID, [{ type: "task-received", uuid: ID, hostname: WORKER }], 1234);
    expect(row).toMatchObject({ ts: 1234, receivedAt: 1234, state: "RECEIVED" });
  });
});

describe("replacesState", () => {
  it("never moves a finished task to an unfinished state, whatever the times", () => {
    for (const done of ["SUCCESS", "FAILURE", "REVOKED"] as const) {
      for (const next of ["PENDING", "RECEIVED", "STARTED", "RETRY"] as const) {
        expect(replacesState(done, 1000, next, 5000), `${done} -> ${next}`).toBe(false);
      }
    }
  });

  it("lets an older event move a task on in its life, but not into or out of RETRY", () => {
    expect(replacesState("RECEIVED", 2000, "STARTED", 1000)).toBe(true);
    expect(replacesState("STARTED", 2000, "RECEIVED", 1000)).toBe(false);
    expect(replacesState("RECEIVED", 2000, "RETRY", 1000)).toBe(false);
    expect(replacesState("RETRY", 2000, "STARTED", 1000)).toBe(false);
    expect(replacesState("RETRY", 2000, "STARTED", 3000)).toBe(true);
  });

  it("takes task-sent (PENDING) only over PENDING or an older RETRY", () => {
    expect(replacesState("PENDING", 0, "PENDING", 1000)).toBe(true);
    expect(replacesState("RETRY", 1000, "PENDING", 2000)).toBe(true);
    expect(replacesState("RETRY", 2000, "PENDING", 1000)).toBe(false);
    expect(replacesState("RECEIVED", 1000, "PENDING", 2000)).toBe(false);
  });

  it("knows every state the API names", () => {
    for (const s of CELERY_STATES) expect(typeof replacesState("PENDING", 0, s, 1)).toBe("boolean");
  });
});

describe("isTaskEvent", () => {
  it("takes task events with an id, nothing else", () => {
    expect(isTaskEvent(ev("started", ID, 0))).toBe(true);
    expect(isTaskEvent({ type: "worker-heartbeat", hostname: WORKER })).toBe(false);
    expect(isTaskEvent({ type: "task-started" })).toBe(false);
    expect(isTaskEvent({ type: "task-constructor", uuid: ID })).toBe(false);
    expect(isTaskEvent({ type: "task-progress", uuid: ID })).toBe(false);
  });
});
