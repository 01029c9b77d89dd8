import { describe, expect, it } from "vitest";
import type { AuditEntry } from "@/lib/dto";
import { markersOf } from "./audit-markers";

const row = (id: number, at: string, action: string, outcome: AuditEntry["outcome"] = "ok", target?: string): AuditEntry =>
  ({ id, at, actor: "admin", actorKind: "user", actorId: "admin", action, outcome, ...(target ? { target } : {}) }) as AuditEntry;

describe("chart markers from the audit log", () => {
  it("marks actions that went through, oldest first, and leaves out denials, ends of operations and sign-ins", () => {
    const markers = markersOf([
      row(4, "2026-12-02T10:05:00.000Z", "queue.replay.finished", "ok", "orders.dlq"),
      row(3, "2026-12-02T10:04:00.000Z", "queue.purge", "denied", "orders"),
      row(2, "2026-12-02T10:03:00.000Z", "queue.purge", "ok", "orders"),
      row(1, "2026-12-02T10:01:00.000Z", "session.create"),
      row(0, "2026-12-02T10:00:00.000Z", "queue.replay", "ok", "orders.dlq"),
    ]);
    expect(markers).toEqual([
      { t: Date.parse("2026-12-02T10:00:00.000Z"), label: "queue.replay orders.dlq by admin" },
      { t: Date.parse("2026-12-02T10:03:00.000Z"), label: "queue.purge orders by admin" },
    ]);
  });
});

describe("chart markers of every source", () => {
  it("names each action's source and leaves out actions on no source (users, tokens)", () => {
    const entries = [
      { ...row(2, "2026-12-02T10:03:00.000Z", "queue.purge", "ok", "orders"), source: "rabbit" },
      { ...row(1, "2026-12-02T10:02:00.000Z", "user.create", "ok", "bob") },
      { ...row(0, "2026-12-02T10:01:00.000Z", "job.retry", "ok", "emails/42"), source: "jobs" },
    ] as AuditEntry[];
    expect(markersOf(entries, true)).toEqual([
      { t: Date.parse("2026-12-02T10:01:00.000Z"), label: "job.retry emails/42 on jobs by admin", source: "jobs" },
      { t: Date.parse("2026-12-02T10:03:00.000Z"), label: "queue.purge orders on rabbit by admin", source: "rabbit" },
    ]);
  });
});
