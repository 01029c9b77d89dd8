import "server-only";
import type { Runtime } from "@/server/runtime";
import { controlReply } from "@/server/actions/control-reply";
import type { ControlOutcome } from "@/server/brokers/ops/tasks";
import { getSampler } from "@/server/sources";
import type { CeleryHistoryStore } from "@/server/celery-history/store";
import { snapshotList, sourceWith } from "./source-route";

/** A broadcast's outcomes against the workers the collector last saw on the source. */
export function replyOf(rt: Runtime, sourceId: string, outcomes: readonly ControlOutcome[]) {
  const workers = snapshotList<{ hostname?: unknown }>(getSampler(rt, sourceId), "workers").items;
  const expected = workers.flatMap((w) => (typeof w.hostname === "string" ? [w.hostname] : []));
  return controlReply(expected, outcomes);
}

/** The task history, after checking that the source exists and has tasks (Celery). */
export function taskHistoryOf(rt: Runtime, sourceId: string): CeleryHistoryStore {
  sourceWith(rt, sourceId, "tasks");
  return rt.celeryHistory;
}
