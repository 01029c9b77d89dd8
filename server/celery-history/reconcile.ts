import "server-only";
import type { CeleryEvent } from "@/server/brokers/celery/transport";
import { closeRedis, createRedis } from "@/server/brokers/celery/redis-clients";
import { errorText, secretsOfUrl } from "@/server/redact";
import type { CeleryHistoryStore } from "./store";

// Task events are not kept by the broker: those sent while QueueDeck was stopped are gone. The
// result backend keeps each task's final state (celery-task-meta-<id>, for result_expires), so at
// start the history's unfinished rows are looked up there and the ones that ended meanwhile are
// finished with the backend's state, as if their last event had arrived.

/** Rows looked up at start, newest first: enough for a stop of any ordinary length. */
export const RECONCILE_LIMIT = 10_000;
const MGET_BATCH = 500;

interface BackendMeta {
  status?: string;
  result?: unknown;
  traceback?: string | null;
  date_done?: string | null;
}

const EVENT_OF: Record<string, string> = { SUCCESS: "task-succeeded", FAILURE: "task-failed", REVOKED: "task-revoked" };

/** The event a finished backend entry stands for; undefined when the task has not finished. */
export function eventFromMeta(taskId: string, raw: string | null): CeleryEvent | undefined {
  if (raw === null) return undefined;
  let meta: BackendMeta;
  try {
    meta = JSON.parse(raw) as BackendMeta;
  } catch {
    return undefined; // pickled or otherwise unreadable: leave the row as it is
  }
  const type = meta.status ? EVENT_OF[meta.status] : undefined;
  if (!type) return undefined;
  const event: CeleryEvent = { type, uuid: taskId, ...doneAt(meta.date_done) };
  if (meta.status === "SUCCESS") event.result = JSON.stringify(meta.result);
  if (meta.status === "FAILURE") {
    event.exception = exceptionText(meta.result);
    if (meta.traceback) event.traceback = meta.traceback;
  }
  return event;
}

/** Celery writes date_done in UTC, without a zone in 5.x. */
function doneAt(s: string | null | undefined): { timestamp?: number } {
  if (!s) return {};
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
  return Number.isFinite(ms) ? { timestamp: ms / 1000 } : {};
}

/** JSON-serialized exceptions are {exc_type, exc_message}; shown like the event's repr. */
function exceptionText(result: unknown): string {
  if (result && typeof result === "object" && "exc_type" in result) {
    const r = result as { exc_type: unknown; exc_message?: unknown };
    const msg = Array.isArray(r.exc_message) ? r.exc_message.map(String).join(", ") : String(r.exc_message ?? "");
    return `${String(r.exc_type)}(${JSON.stringify(msg)})`;
  }
  return JSON.stringify(result);
}

/** Finishes the history's unfinished rows from the result backend; returns how many it finished. */
export async function reconcileFromBackend(sourceId: string, backendUrl: string, store: CeleryHistoryStore): Promise<number> {
  const ids = await store.unfinished(sourceId, RECONCILE_LIMIT);
  if (ids.length === 0) return 0;
  const { client } = createRedis(backendUrl, "reconcile");
  let finished = 0;
  try {
    for (let i = 0; i < ids.length; i += MGET_BATCH) {
      const batch = ids.slice(i, i + MGET_BATCH);
      const metas = await client.mget(batch.map((id) => `celery-task-meta-${id}`));
      const events = batch.map((id, j) => eventFromMeta(id, metas[j] ?? null)).filter((e): e is CeleryEvent => e !== undefined);
      if (events.length > 0) finished += await store.ingest(sourceId, events);
    }
  } catch (err) {
    console.error(`[celery-history] ${sourceId}: reading the result backend at start failed: ${errorText(err, secretsOfUrl(backendUrl))}`);
  } finally {
    closeRedis(client);
  }
  if (finished > 0) console.log(`[celery-history] ${sourceId}: ${finished} tasks finished while QueueDeck was stopped, completed from the result backend`);
  return finished;
}
