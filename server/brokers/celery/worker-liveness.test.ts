import { describe, expect, it } from "vitest";
import type { CeleryWorkerDto } from "@/lib/celery";
import { WorkerLiveness } from "./worker-liveness";

const row = (hostname: string): CeleryWorkerDto => ({
  id: hostname,
  hostname,
  active: 2,
  processed: 10,
  pool: "prefork",
  concurrency: 4,
  version: "5.2.6",
  pid: 7,
  uptime: 3,
  queues: ["celery"],
  status: "online",
  lastSeenAt: null,
  loadavg: null,
});

describe("worker liveness", () => {
  it("keeps a worker online while heartbeats arrive and offline after two missed intervals", () => {
    const l = new WorkerLiveness();
    expect(l.noteEvent({ type: "worker-heartbeat", hostname: "w1@h", freq: 2, loadavg: [0.5, 0.4, 0.3] }, 0)).toBe(true);
    expect(l.noteEvent({ type: "worker-heartbeat", hostname: "w1@h", freq: 2 }, 2000)).toBe(false);
    expect(l.merge([], 6900).rows[0]).toMatchObject({ hostname: "w1@h", status: "online", loadavg: [0.5, 0.4, 0.3] });
    const off = l.merge([], 7100).rows[0]!;
    expect(off).toMatchObject({ status: "offline", active: 0, lastSeenAt: new Date(2000).toISOString() });
  });

  it("marks a worker offline at once when it says goodbye, and asks for events when it is back", () => {
    const l = new WorkerLiveness();
    l.noteEvent({ type: "worker-online", hostname: "w1@h" }, 0);
    expect(l.noteEvent({ type: "worker-offline", hostname: "w1@h" }, 500)).toBe(false);
    expect(l.merge([], 600).rows[0]!.status).toBe("offline");
    expect(l.noteEvent({ type: "worker-online", hostname: "w1@h" }, 900)).toBe(true);
  });

  it("keeps the last full row of a worker that stopped answering, and names newcomers", () => {
    const l = new WorkerLiveness();
    const first = l.merge([row("w1@h"), row("w2@h")], 0);
    expect(first.arrived).toEqual(["w1@h", "w2@h"]);
    const second = l.merge([row("w2@h")], 60_000);
    expect(second.arrived).toEqual([]);
    expect(second.rows.map((r) => [r.hostname, r.status])).toEqual([
      ["w1@h", "offline"],
      ["w2@h", "online"],
    ]);
    expect(second.rows[0]).toMatchObject({ pool: "prefork", concurrency: 4, queues: ["celery"], active: 0 });
  });

  it("ignores task events and events without a hostname", () => {
    const l = new WorkerLiveness();
    expect(l.noteEvent({ type: "task-received", uuid: "x", hostname: "w1@h" }, 0)).toBe(false);
    expect(l.noteEvent({ type: "worker-heartbeat" }, 0)).toBe(false);
    expect(l.merge([], 0).rows).toEqual([]);
  });
});
