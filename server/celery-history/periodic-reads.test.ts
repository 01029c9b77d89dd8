import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { periodicTasksQuerySchema } from "@/lib/celery-periodic";
import { openTestStore, STORE_KINDS, STORE_TEST_TIMEOUT, type TestStore } from "@/tests/support/stores";
import { RUNS_PER_NAME } from "./periodic-reads";
import { CeleryHistoryStore } from "./store";
import { T0, life } from "./test-events";

// The bounded read behind GET .../periodic-tasks, against a real SQLite store file and a fresh
// PostgreSQL database.

const S = "celery";
let t: TestStore;
let store: CeleryHistoryStore;

/** The window ending `atSeconds` after T0, as the route parses it. */
const periodic = (atSeconds: number, windowSeconds = 3600) =>
  store.periodic(S, periodicTasksQuerySchema.parse({ from: String((T0 + atSeconds - windowSeconds) * 1000), to: String((T0 + atSeconds) * 1000) }));

describe.each(STORE_KINDS)("PeriodicReads on %s", (kind) => {
  beforeEach(async () => {
    t = await openTestStore(kind);
    store = new CeleryHistoryStore(t.db);
  });
  afterEach(() => t.close());

  it("finds a schedule among ad-hoc tasks of other names and other args, judged at the window's end", async () => {
    const events = [
      ...Array.from({ length: 6 }, (_, i) => life(`beat-${i}`, { name: "reports.nightly", args: "('eu',)", at: i * 60 })),
      ...[3, 50, 51, 200, 290].map((at, i) => life(`adhoc-${i}`, { name: "reports.nightly", args: "('us',)", at })),
      ...[0, 1, 2, 7, 30, 31].map((at, i) => life(`add-${i}`, { at })),
    ].flat();
    await store.ingest(S, events);
    const onTime = await periodic(5 * 60 + 10);
    expect(onTime.items.map((p) => [p.name, p.args, p.intervalSeconds, p.runs, p.status])).toEqual([["reports.nightly", "('eu',)", 60, 6, "on-time"]]);
    expect(onTime).toMatchObject({ scanned: 17, truncated: false });
    expect((await periodic(8 * 60)).items[0]).toMatchObject({ status: "missed", missedRuns: 2, lastTaskId: "beat-5" });
    // Sends before the window are not read: two left are not a schedule.
    expect((await periodic(5 * 60 + 10, 2 * 60)).items).toEqual([]);
  });

  it("reads at most RUNS_PER_NAME sends of a name, the newest, and says the read was cut", async () => {
    const n = RUNS_PER_NAME + 5;
    await store.ingest(S, Array.from({ length: n }, (_, i) => life(`tick-${i}`, { name: "tick", at: i })).flat());
    const list = await periodic(n, 2 * n);
    expect(list).toMatchObject({ scanned: RUNS_PER_NAME, truncated: true });
    expect(list.items[0]).toMatchObject({ name: "tick", runs: RUNS_PER_NAME, intervalSeconds: 1, lastTaskId: `tick-${n - 1}`, firstRunAt: new Date((T0 + 5) * 1000).toISOString() });
  });
}, STORE_TEST_TIMEOUT);
