import { describe, expect, it } from "vitest";
import type { CeleryState } from "@/lib/celery";
import { inferPeriodicTasks, slackMs, type TaskRun } from "./periodic";

const T0 = Date.parse("2026-12-02T10:00:00Z");
const MIN = 60_000;

/** Sends of one task at T0 + each offset (ms). */
function sends(name: string, offsets: readonly number[], opts: { args?: string; kwargs?: string; states?: CeleryState[]; prefix?: string } = {}): TaskRun[] {
  return offsets.map((o, i) => ({
    taskId: `${opts.prefix ?? name}-${i}`,
    name,
    args: opts.args ?? "()",
    kwargs: opts.kwargs ?? "{}",
    at: T0 + o,
    state: opts.states?.[i] ?? "SUCCESS",
  }));
}
const every = (ms: number, n: number) => Array.from({ length: n }, (_, i) => i * ms);

describe("inferPeriodicTasks", () => {
  it("finds a task sent every minute, with its interval, last run, next time and counts", () => {
    const runs = sends("reports.hourly", every(MIN, 10), { args: "(1, 2)", states: ["SUCCESS", "FAILURE", ...Array<CeleryState>(7).fill("SUCCESS"), "STARTED"] });
    const now = T0 + 9 * MIN + 20_000;
    const [p, ...rest] = inferPeriodicTasks(runs, now);
    expect(rest).toEqual([]);
    expect(p).toEqual({
      id: "reports.hourly (1, 2) {}",
      name: "reports.hourly",
      args: "(1, 2)",
      kwargs: "{}",
      intervalSeconds: 60,
      runs: 10,
      failures: 1,
      missedRuns: 0,
      firstRunAt: new Date(T0).toISOString(),
      lastRunAt: new Date(T0 + 9 * MIN).toISOString(),
      lastTaskId: "reports.hourly-9",
      lastState: "STARTED",
      nextExpectedAt: new Date(T0 + 10 * MIN).toISOString(),
      status: "on-time",
      overdueSeconds: 0,
    });
  });

  it("accepts jitter within 10% of the interval and reports the median", () => {
    const jitter = [0, 1_000, -2_000, 2_000, -1_000, 2_000, -2_000, 1_000];
    const runs = sends("sync", jitter.map((j, i) => i * MIN + j));
    const [p] = inferPeriodicTasks(runs, T0 + 7 * MIN);
    expect(p).toMatchObject({ name: "sync", runs: 8, missedRuns: 0 });
    expect(p!.intervalSeconds).toBeGreaterThanOrEqual(57);
    expect(p!.intervalSeconds).toBeLessThanOrEqual(63);
  });

  it("does not call irregular sends periodic: random intervals, bursts, too few runs", () => {
    const irregular = sends("random", [0, 7_000, 50_000, 58_000, 130_000, 200_000, 204_000]);
    const burst = sends("burst", every(20, 50)); // a loop, not a schedule
    const twice = sends("twice", [0, MIN]);
    const jitterTooWide = sends("wide", [0, 60_000, 130_000, 180_000, 255_000, 300_000]);
    expect(inferPeriodicTasks([...irregular, ...burst, ...twice, ...jitterTooWide], T0 + 10 * MIN)).toEqual([]);
  });

  it("tells tasks apart by args and kwargs: each schedule entry is its own row", () => {
    const a = sends("cleanup", every(MIN, 4), { args: "('a',)", prefix: "a" });
    const b = sends("cleanup", every(5 * MIN, 4), { args: "('b',)", prefix: "b" });
    const c = sends("cleanup", every(MIN, 4), { args: "('a',)", kwargs: "{'deep': True}", prefix: "c" });
    const rows = inferPeriodicTasks([...b, ...a, ...c], T0 + 3 * MIN + 1_000);
    expect(rows.map((r) => `${r.args} ${r.kwargs} ${r.intervalSeconds}s ${r.runs}`).sort()).toEqual(["('a',) {'deep': True} 60s 4", "('a',) {} 60s 4", "('b',) {} 300s 4"]);
  });

  it("is late past the slack, and missed once a whole interval more has gone by without a run", () => {
    const runs = sends("tick", every(MIN, 5));
    const last = T0 + 4 * MIN;
    const slack = slackMs(MIN);
    expect(slack).toBe(6_000);
    const at = (now: number) => inferPeriodicTasks(runs, now)[0]!;
    expect(at(last + MIN + slack)).toMatchObject({ status: "on-time", missedRuns: 0, overdueSeconds: 6 });
    expect(at(last + MIN + slack + 1_000)).toMatchObject({ status: "late", missedRuns: 1, overdueSeconds: 7 });
    expect(at(last + 2 * MIN + slack)).toMatchObject({ status: "late", missedRuns: 1 });
    expect(at(last + 2 * MIN + slack + 1_000)).toMatchObject({ status: "missed", missedRuns: 2, overdueSeconds: 67 });
    expect(at(last + 10 * MIN)).toMatchObject({ status: "missed", missedRuns: 9, nextExpectedAt: new Date(last + MIN).toISOString() });
  });

  it("keeps a series with one outage and one manual send as periodic, counting the runs the outage missed", () => {
    // Every minute, beat down from 4 to 9.5 (5 runs missed), back at another phase; one manual send at 11.3.
    const offsets = [0, 1, 2, 3, 4, 9.5, 10.5, 11.5, 12.5, 13.5, 14.5, 15.5].map((m) => m * MIN);
    const runs = [...sends("beat", offsets), { ...sends("beat", [11.3 * MIN])[0]!, taskId: "manual" }];
    const [p] = inferPeriodicTasks(runs, T0 + 15.5 * MIN);
    expect(p).toMatchObject({ intervalSeconds: 60, runs: 13, missedRuns: 5, status: "on-time" });
  });

  it("counts a task id once, whichever events repeat it", () => {
    const runs = sends("dup", every(MIN, 3));
    expect(inferPeriodicTasks([...runs, ...runs], T0 + 2 * MIN)[0]).toMatchObject({ runs: 3 });
  });

  it("lists the most overdue first, then by name", () => {
    const fine = sends("a.fine", every(MIN, 4));
    const stuck = sends("z.stuck", every(MIN, 4).map((o) => o - 10 * MIN));
    const late = sends("m.late", every(MIN, 4).map((o) => o - 1.5 * MIN));
    expect(inferPeriodicTasks([...fine, ...late, ...stuck], T0 + 3 * MIN + 1).map((p) => [p.name, p.status])).toEqual([
      ["z.stuck", "missed"],
      ["m.late", "late"],
      ["a.fine", "on-time"],
    ]);
  });
});
