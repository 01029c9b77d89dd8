import "server-only";
import type { CeleryState, CeleryTaskSummaryDto, CeleryTimelineStepDto } from "@/lib/celery";
import { firstLine, type TimelineStep, type TaskRow } from "./merge";

// The celery_tasks table (migration 4 in server/store/migrations.ts) <-> TaskRow <-> DTOs.

/** TaskRow field -> column. */
export const COLUMN_OF: Record<keyof TaskRow, string> = {
  taskId: "task_id",
  ts: "ts",
  name: "name",
  state: "state",
  stateAt: "state_at",
  worker: "worker",
  queue: "queue",
  exchange: "exchange",
  routingKey: "routing_key",
  args: "args",
  kwargs: "kwargs",
  result: "result",
  exception: "exception",
  traceback: "traceback",
  eta: "eta",
  expires: "expires",
  retries: "retries",
  parentId: "parent_id",
  rootId: "root_id",
  groupId: "group_id",
  sentAt: "sent_at",
  receivedAt: "received_at",
  startedAt: "started_at",
  finishedAt: "finished_at",
  runtime: "runtime",
  timeline: "timeline",
  retriedFrom: "retried_from",
};
export const FIELDS = Object.keys(COLUMN_OF) as (keyof TaskRow)[];
/** `task_id AS taskId, ...`: selects a row straight into TaskRow's names (timeline still JSON). */
// Aliases quoted: PostgreSQL folds unquoted names to lower case.
export const SELECT_ROW = `pk, ${FIELDS.map((f) => `${COLUMN_OF[f]} AS "${f}"`).join(", ")}`;

export type StoredRow = TaskRow & { pk: number };
type SqlRow = Omit<StoredRow, "timeline"> & { timeline: string };

export function fromSql(r: SqlRow): StoredRow {
  return { ...r, timeline: decodeTimeline(r.timeline) };
}

/** Named parameters for one row (`@taskId`, ...). */
export function toSql(row: TaskRow): Record<string, unknown> {
  return { ...row, timeline: encodeTimeline(row.timeline) };
}

// A step is stored as [event, ms since the step before (the first: since the epoch), worker,
// detail] without trailing nulls: the timeline is most of a row, and this halves it.
export function encodeTimeline(steps: readonly TimelineStep[]): string {
  let prev = 0;
  return JSON.stringify(
    steps.map(([event, at, worker, detail]) => {
      const stored: unknown[] = [event, at - prev, worker, detail];
      prev = at;
      while (stored.length > 2 && stored.at(-1) === null) stored.pop();
      return stored;
    }),
  );
}

export function decodeTimeline(text: string): TimelineStep[] {
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(stored)) return [];
  let at = 0;
  return stored.map((s: [string, number, (string | null)?, (string | null)?]) => {
    at += s[1];
    return [s[0], at, s[2] ?? null, s[3] ?? null];
  });
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** args and kwargs as one line, the way the list shows them. */
export function argsPreview(row: Pick<TaskRow, "args" | "kwargs">): string {
  const kwargs = row.kwargs && row.kwargs !== "{}" ? row.kwargs : "";
  const text = [row.args ?? "", kwargs].filter(Boolean).join(" ");
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export function summaryOf(row: TaskRow): CeleryTaskSummaryDto {
  return {
    id: row.taskId,
    name: row.name,
    state: row.state as CeleryState,
    worker: row.worker,
    queue: row.queue,
    argsPreview: argsPreview(row),
    sentAt: iso(row.sentAt),
    receivedAt: iso(row.receivedAt),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    runtime: row.runtime,
    retries: row.retries,
    exception: firstLine(row.exception),
    parentId: row.parentId,
    rootId: row.rootId,
    seenAt: new Date(row.ts).toISOString(),
  };
}

export function timelineOf(row: TaskRow): CeleryTimelineStepDto[] {
  return row.timeline.map(([event, at, worker, detail]) => ({ event, at: new Date(at).toISOString(), worker, detail }));
}
