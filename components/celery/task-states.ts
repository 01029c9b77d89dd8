import { TASK_EVENT_STATE, type CeleryState } from "@/lib/celery";

// How Celery's task states and timeline events look: one colour per meaning, the same on the
// list, the task page, the family tree and the panel.

/** States after which nothing happens to the task any more: no revoke, no new event. */
export const FINAL_STATES: readonly CeleryState[] = ["SUCCESS", "FAILURE", "REVOKED"];
export const isFinalState = (s: CeleryState): boolean => FINAL_STATES.includes(s);

export const STATE_LOOK: Record<CeleryState, { hint: string; badge: string; dot: string }> = {
  PENDING: {
    hint: "sent, no worker has received it yet",
    badge: "border border-slate-300 bg-white text-slate-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-300",
    dot: "bg-slate-400",
  },
  RECEIVED: {
    hint: "a worker holds it, not started yet (prefetched, or waiting for its eta)",
    badge: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300",
    dot: "bg-violet-500",
  },
  STARTED: { hint: "running on a worker", badge: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300", dot: "bg-sky-500" },
  RETRY: { hint: "failed, will run again", badge: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300", dot: "bg-amber-500" },
  SUCCESS: { hint: "finished", badge: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300", dot: "bg-emerald-500" },
  FAILURE: { hint: "raised an exception and will not run again", badge: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300", dot: "bg-red-500" },
  REVOKED: { hint: "revoked: workers discard it", badge: "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300", dot: "bg-slate-500" },
};

/** A timeline step's colour: the state its event leads to (a rejection looks like a failure). */
export const eventDot = (event: string): string =>
  STATE_LOOK[TASK_EVENT_STATE[event] ?? (event === "rejected" ? "FAILURE" : "PENDING")].dot;
