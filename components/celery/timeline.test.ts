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

  it("shows a negative gap when the sender's and the worker's clocks disagree", () => {
    const rows = timelineRows([
      { event: "sent", at: at(1), worker: null },
      { event: "received", at: at(0.5), worker: "w" },
    ]);
    // Sorted by time: the worker's earlier clock puts "received" first.
    expect(rows[1]).toMatchObject({ event: "sent", gap: 0.5, gapLabel: "later" });
    expect(timelineTotals([])).toEqual({ queued: null, waited: null, ran: null, total: null });
  });
});
