import { describe, expect, it } from "vitest";
import { openDb } from "./db";
import { AuditLog } from "./audit";

describe("AuditLog", () => {
  it("pages newest first with a cursor, and filters by source", () => {
    const log = new AuditLog(openDb(":memory:"));
    for (let i = 1; i <= 5; i++) {
      log.append({ actor: "ops", action: "queue.purge", source: i % 2 ? "rabbit" : "jobs", target: `q${i}`, outcome: "ok", counts: { purged: i } });
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
