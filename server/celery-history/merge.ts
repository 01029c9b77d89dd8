import "server-only";
import { TASK_EVENT_STATE, type CeleryState } from "@/lib/celery";
import type { CeleryEvent } from "@/server/brokers/celery/transport";

// Folding a task's events into its history row. Events arrive late, twice and out of order
// (the client publishes task-sent after the worker may already have received the task; a retry's
// task-retried comes after the next attempt's task-received), so the state is decided by rules
// that do not depend on arrival order:
// - a finished state (SUCCESS, FAILURE, REVOKED) is never replaced by an unfinished one; between
//   finished states Celery's own precedence decides (SUCCESS > FAILURE > REVOKED);
// - among unfinished states the newer event (sender's timestamp) wins, except that task-sent
//   (PENDING) only replaces PENDING or RETRY (the client stamps it after publishing, so it may
//   look newer than the worker's received/started), and an older event only moves the task on
//   in its life (RECEIVED -> STARTED), never back, and never into or out of RETRY.

/** One step of the timeline: [event ("received"), at (ms), hostname, detail]. */
export type TimelineStep = [event: string, at: number, worker: string | null, detail: string | null];

export interface TaskRow {
  taskId: string;
  /** The first event seen, ms: the list's order. */
  ts: number;
  name: string | null;
  state: CeleryState;
  /** When the event that set `state` happened (ms); 0 before any did. */
  stateAt: number;
  worker: string | null;
  queue: string | null;
  exchange: string | null;
  routingKey: string | null;
  args: string | null;
  kwargs: string | null;
  result: string | null;
  exception: string | null;
  traceback: string | null;
  eta: string | null;
  expires: string | null;
  retries: number;
  parentId: string | null;
  rootId: string | null;
  groupId: string | null;
  sentAt: number | null;
  receivedAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  runtime: number | null;
  timeline: TimelineStep[];
  retriedFrom: string | null;
}

const STATE_OF = TASK_EVENT_STATE;
const FINISHED: Partial<Record<CeleryState, number>> = { REVOKED: 1, FAILURE: 2, SUCCESS: 3 };
const LIFE_ORDER: Partial<Record<CeleryState, number>> = { PENDING: 0, RECEIVED: 1, STARTED: 2, RETRY: 3 };
/** Beyond this the oldest steps after the first go: a task retried forever must not grow its row forever. */
export const MAX_TIMELINE_STEPS = 64;
// Reprs are already cut by Celery (1 KiB for args and results); tracebacks are not.
const MAX_TEXT = 16 * 1024;
const MAX_TRACEBACK = 64 * 1024;
const SIGNALS: Record<number, string> = { 1: "SIGHUP", 2: "SIGINT", 9: "SIGKILL", 15: "SIGTERM" };

export function isTaskEvent(e: CeleryEvent): e is CeleryEvent & { uuid: string } {
  return typeof e.uuid === "string" && e.uuid !== "" && typeof e.type === "string" && e.type.startsWith("task-") && Object.hasOwn(STATE_OF, e.type.slice(5));
}

export function emptyTaskRow(taskId: string, ts: number): TaskRow {
  return {
    taskId,
    ts,
    name: null,
    state: "PENDING",
    stateAt: 0,
    worker: null,
    queue: null,
    exchange: null,
    routingKey: null,
    args: null,
    kwargs: null,
    result: null,
    exception: null,
    traceback: null,
    eta: null,
    expires: null,
    retries: 0,
    parentId: null,
    rootId: null,
    groupId: null,
    sentAt: null,
    receivedAt: null,
    startedAt: null,
    finishedAt: null,
    runtime: null,
    timeline: [],
    retriedFrom: null,
  };
}

/** Would an event of state `next` at `at` replace the row's current state? */
export function replacesState(cur: CeleryState, curAt: number, next: CeleryState, at: number): boolean {
  const curDone = FINISHED[cur];
  const nextDone = FINISHED[next];
  if (curDone !== undefined) return nextDone !== undefined && nextDone > curDone;
  if (nextDone !== undefined) return true;
  if (next === "PENDING") return cur === "PENDING" || (cur === "RETRY" && at >= curAt);
  if (at >= curAt) return true;
  return cur !== "RETRY" && next !== "RETRY" && LIFE_ORDER[next]! > LIFE_ORDER[cur]!;
}

/** The row after `events` (all of task `taskId`); `row` is left as it was. */
export function mergeTaskEvents(row: TaskRow | undefined, taskId: string, events: readonly CeleryEvent[], now = Date.now()): TaskRow {
  const timed = events.map((e) => ({ e, at: eventTime(e, now) }));
  timed.sort((a, b) => a.at - b.at || num(a.e.clock) - num(b.e.clock));
  const next: TaskRow = row ? { ...row, timeline: [...row.timeline] } : emptyTaskRow(taskId, timed[0]?.at ?? now);
  for (const { e, at } of timed) applyEvent(next, e, at);
  if (next.runtime === null && next.state === "FAILURE" && next.startedAt !== null && next.finishedAt !== null && next.finishedAt >= next.startedAt) {
    // task-failed carries no runtime: the worker's own start and failure stamps give it.
    next.runtime = (next.finishedAt - next.startedAt) / 1000;
  }
  return next;
}

function applyEvent(row: TaskRow, e: CeleryEvent, at: number): void {
  const kind = e.type.slice(5);
  if (!Object.hasOwn(STATE_OF, kind)) return;
  const state = STATE_OF[kind] ?? null;
  row.ts = Math.min(row.ts, at);
  const host = str(e.hostname);

  row.name = str(e.name) ?? row.name;
  row.args = cut(str(e.args), MAX_TEXT) ?? row.args;
  row.kwargs = cut(str(e.kwargs), MAX_TEXT) ?? row.kwargs;
  row.rootId = str(e.root_id) ?? row.rootId;
  const parent = str(e.parent_id);
  // A retry is sent again with itself as parent: that is not family.
  if (parent !== null && parent !== row.taskId) row.parentId = parent;
  row.groupId = str(e.group) ?? str(e.group_id) ?? row.groupId;
  const retries = typeof e.retries === "number" ? e.retries : null;
  if (retries !== null && retries >= row.retries) {
    row.eta = str(e.eta) ?? row.eta;
    row.expires = str(e.expires) ?? row.expires;
    row.retries = retries;
  }
  if (kind === "sent") {
    row.queue = str(e.queue) ?? row.queue;
    if (typeof e.exchange === "string") row.exchange = e.exchange;
    row.routingKey = str(e.routing_key) ?? row.routingKey;
    row.sentAt = row.sentAt === null ? at : Math.min(row.sentAt, at);
  }
  if (kind === "received") row.receivedAt = Math.max(row.receivedAt ?? at, at);
  if (kind === "started") row.startedAt = Math.max(row.startedAt ?? at, at);
  if (kind === "succeeded") {
    row.result = cut(str(e.result), MAX_TEXT) ?? row.result;
    if (typeof e.runtime === "number" && Number.isFinite(e.runtime)) row.runtime = e.runtime;
  }
  if (kind === "failed" || kind === "retried") {
    row.exception = cut(str(e.exception), MAX_TEXT) ?? row.exception;
    row.traceback = cut(str(e.traceback), MAX_TRACEBACK) ?? row.traceback;
  }

  const applied = state !== null && replacesState(row.state, row.stateAt, state, at);
  if (applied) {
    row.state = state;
    row.stateAt = at;
    if (FINISHED[state] !== undefined) row.finishedAt = at;
  }
  // The client that sent it is not the worker.
  if (kind !== "sent" && host !== null && (applied || row.worker === null)) row.worker = host;
  addStep(row, [kind, at, host, stepDetail(kind, e)]);
}

function addStep(row: TaskRow, step: TimelineStep): void {
  // The same event delivered twice (or ingested by two receivers) is one step.
  if (row.timeline.some((s) => s[0] === step[0] && s[1] === step[1] && s[2] === step[2])) return;
  let i = row.timeline.length;
  while (i > 0 && row.timeline[i - 1]![1] > step[1]) i--;
  row.timeline.splice(i, 0, step);
  if (row.timeline.length > MAX_TIMELINE_STEPS) row.timeline.splice(1, row.timeline.length - MAX_TIMELINE_STEPS);
}

function stepDetail(kind: string, e: CeleryEvent): string | null {
  if (kind === "failed" || kind === "retried") return firstLine(str(e.exception));
  if (kind === "revoked") {
    if (e.terminated === true) return `terminated (${typeof e.signum === "number" ? (SIGNALS[e.signum] ?? `signal ${e.signum}`) : String(e.signum ?? "signal")})`;
    if (e.expired === true) return "expired";
    return null;
  }
  if (kind === "rejected") return e.requeue === true ? "requeued" : null;
  return null;
}

/** The sender's timestamp (unix seconds) in ms; `now` for an event without one. */
function eventTime(e: CeleryEvent, now: number): number {
  return typeof e.timestamp === "number" && Number.isFinite(e.timestamp) && e.timestamp > 0 ? Math.round(e.timestamp * 1000) : now;
}

export function firstLine(text: string | null): string | null {
  if (text === null) return null;
  const line = text.split("\n", 1)[0]!.trim();
  return line === "" ? null : line.slice(0, 500);
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const num = (v: unknown): number => (typeof v === "number" ? v : 0);
const cut = (s: string | null, max: number): string | null => (s !== null && s.length > max ? `${s.slice(0, max)}…` : s);
