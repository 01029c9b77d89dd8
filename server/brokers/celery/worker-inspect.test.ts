import { describe, expect, it } from "vitest";
import { consumerCall, poolCall } from "./worker-control";
import { WORKER_DETAIL_CALLS, workerDetailOf } from "./worker-inspect";

// Replies captured from a real Celery 5.2.6 prefork worker (demo app) holding two running
// tasks, one prefetched and one with a countdown.
const H = "probe@vm";
const info = (id: string, name: string, args: unknown[], extra: Record<string, unknown> = {}) => ({
  id,
  name,
  args,
  kwargs: {},
  type: name,
  hostname: H,
  time_start: null,
  acknowledged: false,
  delivery_info: { exchange: "", routing_key: "probeq", priority: 0, redelivered: null },
  worker_pid: null,
  ...extra,
});
const replies = [
  {
    [H]: {
      total: { "demo.long_report": 2, "demo.add": 1 },
      pid: 14683,
      uptime: 8,
      pool: { "max-concurrency": 2, processes: [14686, 14687, 15292], "max-tasks-per-child": "N/A", writes: { total: 2 } },
      prefetch_count: 3,
    },
  },
  { [H]: [info("e7ba", "demo.long_report", [], { time_start: 1796206999.75, acknowledged: true, worker_pid: 14687 })] },
  { [H]: [info("779b", "demo.add", [1, 2])] },
  { [H]: [{ eta: "2026-12-02T10:24:19.735216+00:00", priority: 6, request: info("67f7", "demo.add", [3, 4]) }] },
  { [H]: [{ name: "probeq", exchange: { name: "probeq", type: "direct" }, routing_key: "probeq", durable: true }] },
  { [H]: ["demo.add [rate_limit=10/m]", "demo.long_report"] },
];

describe("a worker's detail", () => {
  it("asks six things in one round", () => {
    expect(WORKER_DETAIL_CALLS.map((c) => c.method)).toEqual(["stats", "active", "reserved", "scheduled", "active_queues", "registered"]);
  });

  it("maps stats, held tasks, queues and registered types; concurrency counts the pool's processes", () => {
    const d = workerDetailOf(H, replies)!;
    expect(d).toMatchObject({
      id: H,
      hostname: H,
      pool: "prefork",
      concurrency: 3,
      autoscale: null,
      prefetchCount: 3,
      processed: 3,
      processedByType: { "demo.long_report": 2, "demo.add": 1 },
      pid: 14683,
      queues: [{ name: "probeq", exchange: "probeq", routingKey: "probeq" }],
      registered: [
        { name: "demo.add", rateLimit: "10/m" },
        { name: "demo.long_report", rateLimit: null },
      ],
    });
    expect(d.active).toEqual([
      { id: "e7ba", name: "demo.long_report", args: '{"args":[],"kwargs":{}}', startedAt: new Date(1796206999750).toISOString(), acknowledged: true, eta: null, priority: 0 },
    ]);
    expect(d.reserved.map((t) => [t.id, t.args, t.startedAt])).toEqual([["779b", '{"args":[1,2],"kwargs":{}}', null]]);
    expect(d.scheduled).toEqual([
      { id: "67f7", name: "demo.add", args: '{"args":[3,4],"kwargs":{}}', startedAt: null, acknowledged: false, eta: "2026-12-02T10:24:19.735Z", priority: 6 },
    ]);
  });

  it("reads the autoscaler, and is null for a worker that did not answer", () => {
    const withAutoscale = [{ [H]: { ...replies[0]![H], autoscaler: { max: 4, min: 1, current: 2, qty: 0 } } }, ...replies.slice(1)];
    expect(workerDetailOf(H, withAutoscale)?.autoscale).toEqual({ max: 4, min: 1, current: 2 });
    expect(workerDetailOf("other@vm", replies)).toBeNull();
    const badEta = [...replies.slice(0, 3), { [H]: [{ eta: "soon", request: info("x", "demo.add", []) }] }, ...replies.slice(4)];
    expect(workerDetailOf(H, badEta)?.scheduled[0]?.eta).toBeNull();
  });
});

describe("pool and consumer commands", () => {
  it("speak Celery's argument names", () => {
    expect(poolCall({ grow: 2 })).toEqual({ method: "pool_grow", arguments: { n: 2 } });
    expect(poolCall({ shrink: 1 })).toEqual({ method: "pool_shrink", arguments: { n: 1 } });
    expect(poolCall({ autoscale: [6, 2] })).toEqual({ method: "autoscale", arguments: { max: 6, min: 2 } });
    expect(consumerCall("q1", "cancel")).toEqual({ method: "cancel_consumer", arguments: { queue: "q1" } });
    expect(consumerCall("q1", "add")).toEqual({ method: "add_consumer", arguments: { queue: "q1", exchange: null, exchange_type: "direct", routing_key: null } });
  });

  it("refuses sizes Celery would misread", () => {
    expect(() => poolCall({ grow: 0 })).toThrow(/1 to 64/);
    expect(() => poolCall({ shrink: 1.5 })).toThrow(/1 to 64/);
    expect(() => poolCall({ autoscale: [1, 2] })).toThrow(/max >= min/);
    expect(() => consumerCall("", "add")).toThrow(/queue name/);
  });
});
