import { CELERY_STATES, type CeleryState } from "@/lib/celery";
import type { TaskHistoryQuery } from "@/lib/urls";
import { rangeMs, TIME_RANGE_IDS, type TimeRangeId } from "../charts/time-range";

// The task list's filters as the URL keeps them, and the API query they make.

/** "" is any time, a range id is "the last 15 min..." (moving with each poll), "custom" uses from/to. */
export type Since = "" | TimeRangeId | "custom";
export const SINCE_VALUES: readonly Since[] = ["", ...TIME_RANGE_IDS, "custom"];

export interface TaskFilter {
  states: CeleryState[];
  name: string;
  worker: string;
  q: string;
  since: Since;
  /** ISO 8601, only with since = "custom"; "" leaves that side open. */
  from: string;
  to: string;
}

export const NO_FILTER: TaskFilter = { states: [], name: "", worker: "", q: "", since: "", from: "", to: "" };

/** "FAILURE,RETRY" from the URL; unknown words (a hand-edited link) are dropped. */
export function parseStates(param: string): CeleryState[] {
  const words = param.split(",").map((w) => w.trim().toUpperCase());
  return CELERY_STATES.filter((s) => words.includes(s));
}

const isoMs = (iso: string): number | undefined => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

/** The GET .../tasks query of a filter at time `now` (without cursor and limit). */
export function apiQueryOf(f: TaskFilter, now: number): TaskHistoryQuery {
  const window =
    f.since === "custom" ? { from: isoMs(f.from), to: isoMs(f.to) } : f.since ? { from: now - rangeMs(f.since), to: undefined } : { from: undefined, to: undefined };
  return {
    state: f.states.length ? f.states : undefined,
    name: f.name.trim() || undefined,
    worker: f.worker.trim() || undefined,
    q: f.q.trim() || undefined,
    ...window,
  };
}

export const hasFilter = (f: TaskFilter): boolean =>
  f.states.length > 0 || Boolean(f.name.trim() || f.worker.trim() || f.q.trim()) || (f.since !== "" && (f.since !== "custom" || Boolean(f.from || f.to)));

/** A datetime-local input's value ("2026-12-02T10:15") of an ISO time, in the browser's zone. */
export function localInputOf(iso: string): string {
  const t = isoMs(iso);
  if (t === undefined) return "";
  const d = new Date(t - new Date(t).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** The ISO time of a datetime-local input's value (read in the browser's zone); "" stays "". */
export function isoOfLocalInput(value: string): string {
  const t = value ? new Date(value).getTime() : NaN;
  return Number.isFinite(t) ? new Date(t).toISOString() : "";
}

/** What a pasted or typed task id looks like: one word, no spaces (Celery ids are UUIDs unless an app picks its own). */
export const looksLikeTaskId = (text: string): boolean => /^[\w.:@-]{1,255}$/.test(text.trim());
