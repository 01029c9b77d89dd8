import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { queueIdOf } from "@/lib/rabbitmq";
import type { Snapshot } from "@/server/collector/sampler";
import { openTestStore, STORE_KINDS, STORE_TEST_TIMEOUT, type TestStore } from "@/tests/support/stores";
import { AlertEngine } from "./engine";

// The engine on a real store: history rows per state change, and a restart that neither
// repeats "firing" nor forgets to send "resolved".

const source = { id: "rmq", kind: "rabbitmq" as const };
const tick = (depth: number, at: number): Snapshot => ({
  sample: { health: { status: "up" }, lists: {}, stats: {}, metrics: [{ entity: `queue:${queueIdOf("/", "orders")}`, metric: "depth", value: depth }] },
  sampledAt: at,
  listsSampledAt: at,
  durationMs: 1,
  consecutiveFailures: 0,
});

describe.each(STORE_KINDS)("AlertEngine on %s", (kind) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(kind);
  });
  afterEach(() => t.close());

  it("records each change once, and carries a firing alert across a restart", async () => {
    const now = Date.now();
    const first = await AlertEngine.open(t.db);
    await first.store.createRule(
      { name: "backlog", source: "rmq", entity: "orders", metric: "depth", op: ">", threshold: 5, forSeconds: 0, severity: "warning", webhookIds: [] },
      new Date(now - 60_000).toISOString(),
    );
    await first.reload();
    first.onTick(source, tick(10, now));
    await first.written;
    first.onTick(source, tick(12, now + 1000));
    await first.written;
    expect((await first.store.listEvents({ limit: 10 })).items.map((e) => [e.state, e.entity, e.value])).toEqual([["firing", "orders", 10]]);

    const second = await AlertEngine.open(await t.reopen());
    expect(second.firing()).toEqual([expect.objectContaining({ name: "backlog", entity: "orders", since: new Date(now).toISOString() })]);
    second.onTick(source, tick(15, now + 2000));
    await second.written;
    expect((await second.store.listEvents({ limit: 10 })).items).toHaveLength(1);
    second.onTick(source, tick(0, now + 3000));
    await second.written;
    expect((await second.store.listEvents({ limit: 10 })).items.map((e) => [e.state, e.value])).toEqual([
      ["resolved", 0],
      ["firing", 10],
    ]);
    expect(second.firing()).toEqual([]);
    expect((await AlertEngine.open(await t.reopen())).firing()).toEqual([]);
  });

  it("never throws into the collector, whatever the snapshot", async () => {
    const engine = await AlertEngine.open(t.db);
    await engine.store.createRule({ name: "dl", source: "*", entity: "*", metric: "deadLetters", op: ">", threshold: 0, forSeconds: 0, severity: "info", webhookIds: [] });
    await engine.reload();
    const broken = { ...tick(1, 0), sample: { health: { status: "up" as const }, lists: { queues: [null as never] }, stats: {}, metrics: [] } };
    expect(() => engine.onTick(source, broken)).not.toThrow();
    await engine.written;
  });
}, STORE_TEST_TIMEOUT);
