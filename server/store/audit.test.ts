import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestStore, STORE_KINDS, STORE_TEST_TIMEOUT, type TestStore } from "@/tests/support/stores";
import { AuditLog } from "./audit";

describe.each(STORE_KINDS)("AuditLog on %s", (kind) => {
  let store: TestStore;
  let log: AuditLog;
  beforeEach(async () => {
    store = await openTestStore(kind);
    log = new AuditLog(store.db);
  });
  afterEach(() => store.close());

  it("pages newest first with a cursor, and filters by source", async () => {
    for (let i = 1; i <= 5; i++) {
      await log.append({ actor: "ops", actorKind: "user", actorId: "ops", action: "queue.purge", source: i % 2 ? "rabbit" : "jobs", target: `q${i}`, outcome: "ok", counts: { purged: i } });
    }
    const first = await log.list({ limit: 2 });
    expect(first.items.map((e) => e.target)).toEqual(["q5", "q4"]);
    const second = await log.list({ limit: 2, before: first.nextCursor });
    expect(second.items.map((e) => e.target)).toEqual(["q3", "q2"]);
    const last = await log.list({ limit: 2, before: second.nextCursor });
    expect(last.items.map((e) => e.target)).toEqual(["q1"]);
    expect(last.nextCursor).toBeUndefined();
    expect((await log.list({ limit: 10, source: "jobs" })).items.map((e) => e.counts)).toEqual([{ purged: 4 }, { purged: 2 }]);
  });

  it("prunes rows older than the cutoff in batches, keeps the rest", async () => {
    const day = 86_400_000;
    const now = Date.parse("2026-12-01T00:00:00Z");
    // 12,000 old rows in one statement per 1,000: the test is about pruning, not appending.
    for (let b = 0; b < 12; b++) {
      const rows = Array.from({ length: 1000 }, (_, i) => new Date(now - 400 * day + b * 1000 + i).toISOString());
      await store.db.run(`INSERT INTO audit (at, actor, actor_kind, actor_id, action, outcome) VALUES ${rows.map(() => "(?, 'ops', 'user', 'ops', 'queue.purge', 'ok')").join(", ")}`, rows);
    }
    await log.append({ actor: "ops", actorKind: "user", actorId: "ops", action: "queue.purge", outcome: "ok", at: new Date(now - 10 * day).toISOString() });
    expect(await log.prune(new Date(now - 365 * day).toISOString())).toBe(12_000);
    expect((await log.list({ limit: 10 })).items).toHaveLength(1);
  });

  it("returns each row's actor kind and id", async () => {
    await log.append({ actor: "token:QUEUEDECK_ADMIN_TOKEN", actorKind: "token", actorId: "7", action: "queue.purge", outcome: "ok" });
    await log.append({ actor: "token:QUEUEDECK_ADMIN_TOKEN", actorKind: "env-token", actorId: "QUEUEDECK_ADMIN_TOKEN", action: "queue.purge", outcome: "ok" });
    expect((await log.list({ limit: 2 })).items.map((e) => [e.actor, e.actorKind, e.actorId])).toEqual([
      ["token:QUEUEDECK_ADMIN_TOKEN", "env-token", "QUEUEDECK_ADMIN_TOKEN"],
      ["token:QUEUEDECK_ADMIN_TOKEN", "token", "7"],
    ]);
  });
}, STORE_TEST_TIMEOUT);
