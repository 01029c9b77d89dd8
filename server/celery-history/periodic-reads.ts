import "server-only";
import type { Statement } from "better-sqlite3";
import type { CeleryState } from "@/lib/celery";
import type { CeleryPeriodicTaskListDto, PeriodicTasksQuery } from "@/lib/celery-periodic";
import type { Db } from "@/server/store/db";
import { inferPeriodicTasks, MIN_RUNS, type TaskRun } from "./periodic";

// The history read behind the periodic-task view, bounded whatever the history holds: the names
// seen in the window (one pass over the (source, name, ts) index), then per name its newest sends
// on that index. Names with fewest sends go first, so a flood of one ad-hoc task cannot use up
// the budget before the periodic ones (which send a few times per interval) are read.

/** Newest sends read per task name: a 1 s schedule keeps ~17 minutes of them, a 1 min one ~16 hours. */
export const RUNS_PER_NAME = 1000;
/** Sends read in all per request. */
export const RUNS_BUDGET = 20_000;
/** Task names looked at per request. */
export const MAX_NAMES = 500;

export class PeriodicReads {
  private readonly names: Statement;
  private readonly runs: Statement;

  constructor(db: Db) {
    this.names = db.prepare(
      "SELECT name, COUNT(*) AS n FROM celery_tasks WHERE source = @source AND name IS NOT NULL AND ts >= @from AND ts <= @to GROUP BY name HAVING n >= @minRuns ORDER BY n, name LIMIT @maxNames",
    );
    this.runs = db.prepare(
      "SELECT task_id AS taskId, name, args, kwargs, coalesce(sent_at, ts) AS at, state FROM celery_tasks" +
        " WHERE source = @source AND name = @name AND ts >= @from AND ts <= @to ORDER BY ts DESC LIMIT @limit",
    );
  }

  /** Periodic tasks of the source in the window, judged at `q.to`. */
  periodic(sourceId: string, q: PeriodicTasksQuery): CeleryPeriodicTaskListDto {
    const window = { source: sourceId, from: q.from, to: q.to };
    const names = this.names.all({ ...window, minRuns: MIN_RUNS, maxNames: MAX_NAMES + 1 }) as { name: string; n: number }[];
    let truncated = names.length > MAX_NAMES;
    const runs: TaskRun[] = [];
    for (const { name, n } of names.slice(0, MAX_NAMES)) {
      const limit = Math.min(RUNS_PER_NAME, RUNS_BUDGET - runs.length);
      if (limit < MIN_RUNS) {
        truncated = true;
        break;
      }
      if (n > limit) truncated = true;
      runs.push(...(this.runs.all({ ...window, name, limit }) as (Omit<TaskRun, "state"> & { state: CeleryState })[]));
    }
    return { items: inferPeriodicTasks(runs, q.to), from: q.from, to: q.to, scanned: runs.length, truncated };
  }
}
