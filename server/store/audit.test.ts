import { describe, expect, it } from "vitest";
import { openDb } from "./db";
import { AuditLog } from "./audit";

describe("AuditLog", () => {
  it("pages newest first with a cursor, and filters by source", () => {
    const log = new AuditLog(openDb(":memory:"));
    for (let i = 1; i <= 5; i++) {
      log.append({ actor: "ops", actorKind: "user", actorId: "ops", action: "queue.purge", source: i % 2 ? "rabbit" : "jobs", target: `q${i}`, outcome: "ok", counts: { purged: i } });
    }
    const first = log.list({ limit: 2 });
    expect(first.items.map((e) => e.target)).toEqual(["q5", "q4"]);
    const second = log.list({ limit: 2, before: first.nextCursor });
    expect(second.items.map((e) => e.target)).toEqual(["q3", "q2"]);
    const last = log.list({ limit: 2, before: second.nextCursor });
    expect(last.items.map((e) => e.target)).toEqual(["q1"]);
    expect(last.nextCursor).toBeUndefined();
    expect(log.list({ limit: 10, source: "jobs" }).items.map((e) => e.counts)).toEqual([{ purged: 4 }, { purged: 2 }]);
  });
});

describe("AuditLog retention and actors", () => {
  it("prunes rows older than the cutoff in batches, keeps the rest", () => {
    const log = new AuditLog(openDb(":memory:"));
    const day = 86_400_000;
    const now = Date.parse("2026-12-01T00:00:00Z");
    for (let i = 0; i < 12_000; i++) log.append({ actor: "ops", actorKind: "user", actorId: "ops", action: "queue.purge", outcome: "ok", at: new Date(now - 400 * day + i).toISOString() });
    log.append({ actor: "ops", actorKind: "user", actorId: "ops", action: "queue.purge", outcome: "ok", at: new Date(now - 10 * day).toISOString() });
    expect(log.prune(new Date(now - 365 * day).toISOString())).toBe(12_000);
    expect(log.list({ limit: 10 }).items).toHaveLength(1);
  });

  it("returns each row's actor kind and id", () => {
    const log = new AuditLog(openDb(":memory:"));
    log.append({ actor: "token:QUEUEDECK_ADMIN_TOKEN", actorKind: "token", actorId: "7", action: "queue.purge", outcome: "ok" });
    log.append({ actor: "token:QUEUEDECK_ADMIN_TOKEN", actorKind: "env-token", actorId: "QUEUEDECK_ADMIN_TOKEN", action: "queue.purge", outcome: "ok" });
    expect(log.list({ limit: 2 }).items.map((e) => [e.actor, e.actorKind, e.actorId])).toEqual([
      ["token:QUEUEDECK_ADMIN_TOKEN", "env-token", "QUEUEDECK_ADMIN_TOKEN"],
      ["token:QUEUEDECK_ADMIN_TOKEN", "token", "7"],
    ]);
  });
});
