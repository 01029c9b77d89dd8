import "server-only";
import type { CeleryState } from "@/lib/celery";
import type { CeleryPeriodicTaskDto, PeriodicStatus } from "@/lib/celery-periodic";

// Which tasks celery beat (or any scheduler) sends periodically, told from the history alone:
// the same task name with the same args and kwargs reprs, sent at a regular interval.
//
// Between two sends an interval is
// - regular: within TOLERANCE of the median interval;
// - a gap: at least 1.5 medians (beat was down, or a send was lost): it counts the runs missed,
//   and beat resumes at any phase after one, so a gap need not be a whole number of intervals;
// - irregular: anything else (an extra manual send of the same task cuts one interval in two).
// A group is periodic when it has at least MIN_RUNS sends and REGULAR_SHARE of its intervals are
// regular: robust to one manual send or one outage in a long series, while a task sent at random,
// or in bursts, is not.

/** A send of a task, as the history has it. */
export interface TaskRun {
  taskId: string;
  name: string;
  args: string | null;
  kwargs: string | null;
  /** When it was sent (ms): the task-sent event, else the first event seen. */
  at: number;
  state: CeleryState;
}

export const MIN_RUNS = 3;
/** Of the median interval: how far a regular interval may stray (scheduler and clock jitter). */
export const TOLERANCE = 0.1;
export const REGULAR_SHARE = 0.75;
/** Shorter than this is a burst or a loop, not a schedule. */
export const MIN_INTERVAL_MS = 500;
/**
 * How long past due a run may come before it is "late": 10% of the interval, but at least 2 s
 * (events reach the history in batches, a quarter of a second apart) and at most 10 minutes
 * (a daily task an hour late is late).
 */
export function slackMs(intervalMs: number): number {
  return Math.min(10 * 60_000, Math.max(2_000, intervalMs * TOLERANCE));
}

const median = (sorted: readonly number[]): number => {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const keyOf = (r: TaskRun): string => `${r.name} ${r.args ?? ""} ${r.kwargs ?? ""}`;

/** The periodic tasks among `runs` (any order, any tasks), judged at `now`; the most overdue first, then by name. */
export function inferPeriodicTasks(runs: readonly TaskRun[], now: number): CeleryPeriodicTaskDto[] {
  const groups = new Map<string, Map<string, TaskRun>>();
  for (const r of runs) {
    const key = keyOf(r);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = new Map()));
    g.set(r.taskId, r); // a task id counts once
  }
  const found: CeleryPeriodicTaskDto[] = [];
  for (const [id, g] of groups) {
    const periodic = judge(id, [...g.values()].sort((a, b) => a.at - b.at), now);
    if (periodic) found.push(periodic);
  }
  const rank: Record<PeriodicStatus, number> = { missed: 0, late: 1, "on-time": 2 };
  return found.sort((a, b) => rank[a.status] - rank[b.status] || b.overdueSeconds - a.overdueSeconds || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** One group's verdict: null when it is not periodic. `sends` ascending by time. */
function judge(id: string, sends: readonly TaskRun[], now: number): CeleryPeriodicTaskDto | null {
  if (sends.length < MIN_RUNS) return null;
  const intervals = sends.slice(1).map((s, i) => s.at - sends[i]!.at);
  const typical = median([...intervals].sort((a, b) => a - b));
  if (typical < MIN_INTERVAL_MS) return null;
  const tolerance = typical * TOLERANCE;
  const regular: number[] = [];
  let missedInGaps = 0;
  for (const d of intervals) {
    if (Math.abs(d - typical) <= tolerance) regular.push(d);
    else if (d >= 1.5 * typical) missedInGaps += Math.round(d / typical) - 1;
  }
  if (regular.length < MIN_RUNS - 1 || regular.length < REGULAR_SHARE * intervals.length) return null;

  const interval = median(regular.sort((a, b) => a - b));
  const first = sends[0]!;
  const last = sends.at(-1)!;
  const next = last.at + interval;
  const slack = slackMs(interval);
  const overdue = Math.max(0, now - next);
  const status: PeriodicStatus = overdue > interval + slack ? "missed" : overdue > slack ? "late" : "on-time";
  // Sends due more than the slack ago since the last one (none of which came): k >= 1 with
  // last + k * interval + slack < now.
  const overdueRuns = status === "on-time" ? 0 : Math.ceil((now - slack - last.at) / interval) - 1;
  return {
    id,
    name: last.name,
    args: last.args,
    kwargs: last.kwargs,
    intervalSeconds: Math.round(interval) / 1000,
    runs: sends.length,
    failures: sends.filter((s) => s.state === "FAILURE").length,
    missedRuns: missedInGaps + overdueRuns,
    firstRunAt: new Date(first.at).toISOString(),
    lastRunAt: new Date(last.at).toISOString(),
    lastTaskId: last.taskId,
    lastState: last.state,
    nextExpectedAt: new Date(next).toISOString(),
    status,
    overdueSeconds: Math.round(overdue) / 1000,
  };
}
