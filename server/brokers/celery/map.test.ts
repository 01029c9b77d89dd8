import { describe, expect, it } from "vitest";
import { activeTasks, describePool, progressOf, taskRow, versionFromReport, versionText, workerRows } from "./map";

// Shapes taken from a real Celery 5.2.6 worker's replies.
const stats = {
  "w1@vm": {
    total: { "demo.add": 3, "demo.long_report": 1 },
    pid: 11137,
    uptime: 6,
    pool: { "max-concurrency": 2, processes: [11140, 11141], "max-tasks-per-child": "N/A", writes: { total: 0 } },
  },
};
const active = {
  "w1@vm": [
    {
      id: "a0b6",
      name: "demo.long_report",
      args: [],
      kwargs: { steps: 5 },
      type: "demo.long_report",
      hostname: "w1@vm",
      time_start: 1795835644.037722,
      acknowledged: true,
      worker_pid: 11141,
    },
  ],
};
const activeQueues = { "w1@vm": [{ name: "celery", routing_key: "celery" }, { name: "images" }] };

describe("celery reply mapping", () => {
  it("builds worker rows from stats, active and active_queues", () => {
    const rows = workerRows(stats, active, activeQueues, new Map([["w1@vm", "5.2.6"]]));
    expect(rows).toEqual([
      { id: "w1@vm", hostname: "w1@vm", active: 1, processed: 4, pool: "prefork", concurrency: 2, version: "5.2.6", pid: 11137, uptime: 6, queues: ["celery", "images"], status: "online", lastSeenAt: null, loadavg: null },
    ]);
  });

  it("names pools by the keys each implementation reports", () => {
    expect(describePool({ "max-concurrency": 1, processes: [1], timeouts: [] }).pool).toBe("solo");
    expect(describePool({ "max-concurrency": 8, threads: 2 })).toEqual({ pool: "threads", concurrency: 8 });
    expect(describePool({ "max-concurrency": 100, "free-threads": 99 }).pool).toBe("green");
    expect(describePool("N/A")).toEqual({ pool: "unknown", concurrency: null });
  });

  it("reads the Celery version from a report reply", () => {
    const reply = { ok: "\nsoftware -> celery:5.2.6 (dawn-chorus) kombu:5.2.4 py:3.11.2\n" };
    expect(versionFromReport(reply)).toBe("5.2.6");
    expect(versionFromReport({ error: "nope" })).toBeNull();
  });

  it("turns active tasks plus backend meta into task rows with progress", () => {
    const [task] = activeTasks(active);
    const meta = JSON.stringify({ status: "PROGRESS", result: { current: 2, total: 5 }, task_id: "a0b6" });
    const row = taskRow(task!, meta);
    expect(row).toMatchObject({ id: "a0b6", name: "demo.long_report", worker: "w1@vm", state: "PROGRESS", progress: 0.4 });
    expect(row.startedAt).toBe(new Date(1795835644037.722).toISOString());
    expect(taskRow(task!, null)).toMatchObject({ state: null, progress: null, meta: null });
    expect(taskRow(task!, "{broken")).toMatchObject({ state: null, progress: null });
  });

  it("clamps progress and ignores shapes it does not know", () => {
    expect(progressOf({ current: 7, total: 5 })).toBe(1);
    expect(progressOf({ current: 1, total: 0 })).toBeNull();
    expect(progressOf({ pct: 50 })).toBeNull();
  });

  it("says plainly when no worker answered", () => {
    expect(versionText(["5.2.6"], "Redis 7.0.15", 1)).toBe("celery 5.2.6 (Redis 7.0.15)");
    expect(versionText(["5.2.6", "5.3.1", "5.2.6"], "Redis 7.0.15", 3)).toBe("celery 5.2.6/5.3.1 (Redis 7.0.15)");
    expect(versionText([], "Redis 7.0.15", 0)).toBe("celery: no workers (Redis 7.0.15)");
  });
});
