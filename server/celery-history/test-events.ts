import type { CeleryEvent } from "@/server/brokers/celery/transport";

// Task events shaped like Celery 5.2's own (captured from a demo worker), for the unit tests.

export const T0 = 1_796_206_936; // unix seconds
export const WORKER = "w1@vm";
export const CLIENT = "gen1@vm";

let clock = 0;

/** A `task-<kind>` event `dt` seconds after T0; task-sent comes from the client, the rest from WORKER. */
export function ev(kind: string, uuid: string, dt: number, fields: Record<string, unknown> = {}): CeleryEvent {
  return { type: `task-${kind}`, uuid, timestamp: T0 + dt, clock: ++clock, hostname: kind === "sent" ? CLIENT : WORKER, ...fields };
}

export interface LifeOptions {
  name?: string;
  args?: string;
  kwargs?: string;
  root?: string;
  parent?: string | null;
  queue?: string;
  /** Seconds after T0 it is sent. */
  at?: number;
  fail?: string;
}

/** A whole life: sent, received, started, then succeeded (result "5", runtime 0.05) or failed. */
export function life(uuid: string, o: LifeOptions = {}): CeleryEvent[] {
  const at = o.at ?? 0;
  const head = { name: o.name ?? "demo.add", args: o.args ?? "(2, 3)", kwargs: o.kwargs ?? "{}", root_id: o.root ?? uuid, parent_id: o.parent ?? null, retries: 0, eta: null, expires: null };
  return [
    ev("sent", uuid, at, { ...head, queue: o.queue ?? "celery", exchange: "", routing_key: o.queue ?? "celery" }),
    ev("received", uuid, at + 0.01, head),
    ev("started", uuid, at + 0.02),
    o.fail
      ? ev("failed", uuid, at + 0.07, { exception: o.fail, traceback: `Traceback (most recent call last):\n  File "demo_tasks.py", line 36, in add\n${o.fail}\n` })
      : ev("succeeded", uuid, at + 0.07, { result: "5", runtime: 0.05 }),
  ];
}
