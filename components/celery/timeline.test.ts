import { describe, expect, it } from "vitest";
import { timelineRows, timelineTotals } from "./timeline";

const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 10, 0, 0) + s * 1000).toISOString();

describe("task timeline", () => {
  it("orders the steps and names each gap", () => {
    const rows = timelineRows([
      { event: "succeeded", at: at(3.5), worker: "w1@h" },
      { event: "sent", at: at(0), worker: null },
      { event: "started", at: at(1.5), worker: "w1@h" },
      { event: "received", at: at(0.25), worker: "w1@h" },
    ]);
    expect(rows.map((r) => [r.event, r.gap, r.gapLabel])).toEqual([
      ["sent", null, null],
      ["received", 0.25, "in the queue"],
      ["started", 1.25, "waited"],
      ["succeeded", 2, "ran"],
    ]);
    expect(timelineTotals(rows)).toEqual({ queued: 0.25, waited: 1.25, ran: 2, total: 3.5 });
  });

  it("sums every attempt of a retried task and keeps events of one instant in their order", () => {
    const rows = timelineRows([
      { event: "received", at: at(0), worker: "w" },
      { event: "started", at: at(0), worker: "w" },
      { event: "retried", at: at(1), worker: "w", detail: "RuntimeError: boom" },
      { event: "started", at: at(4), worker: "w" },
      { event: "failed", at: at(6), worker: "w" },
    ]);
    expect(rows.map((r) => r.gapLabel)).toEqual([null, "waited", "ran", "retry delay", "ran"]);
    expect(timelineTotals(rows)).toMatchObject({ queued: null, waited: 0, ran: 3, total: 6 });
  });

  it("puts a task-sent stamped just after a fast worker's steps first: the client stamps it after publishing", () => {
    const rows = timelineRows([
      { event: "received", at: at(0), worker: "w" },
      { event: "started", at: at(0.001), worker: "w" },
      { event: "succeeded", at: at(0.002), worker: "w" },
      { event: "sent", at: at(0.004), worker: null },
    ]);
    expect(rows.map((r) => [r.event, r.gap, r.gapLabel])).toEqual([
      ["sent", null, null],
      ["received", 0, "in the queue"],
      ["started", 0.001, "waited"],
      ["succeeded", 0.001, "ran"],
    ]);
  });

  it("moves a retry's task-sent before only its own attempt's steps", () => {
    const rows = timelineRows([
      { event: "sent", at: at(0), worker: null },
      { event: "received", at: at(0.1), worker: "w" },
      { event: "started", at: at(0.2), worker: "w" },
      // The retry is published by the worker, picked up by another before its task-sent is stamped.
      { event: "received", at: at(0.3), worker: "v" },
      { event: "sent", at: at(0.301), worker: "w" },
      { event: "retried", at: at(0.31), worker: "w" },
    ]);
    expect(rows.map((r) => r.event)).toEqual(["sent", "received", "started", "sent", "received", "retried"]);
  });

  it("shows a negative gap when the sender's and the worker's clocks disagree", () => {
    const rows = timelineRows([
      { event: "sent", at: at(3), worker: null },
      { event: "received", at: at(0.5), worker: "w" },
    ]);
    // Beyond the stamping slack, sorted by time: the worker's earlier clock puts "received" first.
    expect(rows[1]).toMatchObject({ event: "sent", gap: 2.5, gapLabel: "later" });
    expect(timelineTotals([])).toEqual({ queued: null, waited: null, ran: null, total: null });
  });
});
