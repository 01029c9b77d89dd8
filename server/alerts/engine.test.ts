import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { queueIdOf } from "@/lib/rabbitmq";
import type { Snapshot } from "@/server/collector/sampler";
import { openDb } from "@/server/store/db";
import { AlertEngine } from "./engine";

// The engine on a real store: history rows per state change, and a restart that neither
// repeats "firing" nor forgets to send "resolved".
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const source = { id: "rmq", kind: "rabbitmq" as const };
const tick = (depth: number, at: number): Snapshot => ({
  sample: { health: { status: "up" }, lists: {}, stats: {}, metrics: [{ entity: `queue:${queueIdOf("/", "orders")}`, metric: "depth", value: depth }] },
  sampledAt: at,
  listsSampledAt: at,
  durationMs: 1,
  consecutiveFailures: 0,
});

describe("AlertEngine", () => {
  it("records each change once, and carries a firing alert across a restart", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-alerts-"));
    dirs.push(dir);
    const now = Date.now();
    const first = new AlertEngine(openDb(dir));
    first.store.createRule(
      { name: "backlog", source: "rmq", entity: "orders", metric: "depth", op: ">", threshold: 5, forSeconds: 0, severity: "warning", webhookIds: [] },
      new Date(now - 60_000).toISOString(),
    );
    first.reload();
    first.onTick(source, tick(10, now));
    first.onTick(source, tick(12, now + 1000));
    expect(first.store.listEvents({ limit: 10 }).items.map((e) => [e.state, e.entity, e.value])).toEqual([["firing", "orders", 10]]);

    const second = new AlertEngine(openDb(dir));
    expect(second.firing()).toEqual([expect.objectContaining({ name: "backlog", entity: "orders", since: new Date(now).toISOString() })]);
    second.onTick(source, tick(15, now + 2000));
    expect(second.store.listEvents({ limit: 10 }).items).toHaveLength(1);
    second.onTick(source, tick(0, now + 3000));
    expect(second.store.listEvents({ limit: 10 }).items.map((e) => [e.state, e.value])).toEqual([
      ["resolved", 0],
      ["firing", 10],
    ]);
    expect(second.firing()).toEqual([]);
    expect(new AlertEngine(openDb(dir)).firing()).toEqual([]);
  });

  it("never throws into the collector, whatever the snapshot", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-alerts-"));
    dirs.push(dir);
    const engine = new AlertEngine(openDb(dir));
    engine.store.createRule({ name: "dl", source: "*", entity: "*", metric: "deadLetters", op: ">", threshold: 0, forSeconds: 0, severity: "info", webhookIds: [] });
    engine.reload();
    const broken = { ...tick(1, 0), sample: { health: { status: "up" as const }, lists: { queues: [null as never] }, stats: {}, metrics: [] } };
    expect(() => engine.onTick(source, broken)).not.toThrow();
  });
});
