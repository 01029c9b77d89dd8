import "server-only";
import type { CeleryState } from "@/lib/celery";
import type { CeleryPeriodicTaskListDto, PeriodicTasksQuery } from "@/lib/celery-periodic";
import type { Db } from "@/server/store/db";
import { inferPeriodicTasks, MIN_RUNS, type TaskRun } from "./periodic";

// The history read behind the periodic-task view, bounded whatever the history holds. The task
// names are walked on the (source, name, ts) index one seek per name (a GROUP BY over a million
// tasks takes half a second; this takes milliseconds), each name's sends in the window counted
// up to a cap, then its newest sends read. Names with fewest sends go first, so a flood of one
// ad-hoc task cannot use up the budget before the periodic ones are read.

/** Newest sends read per task name: a 1 s schedule keeps ~17 minutes of them, a 1 min one ~16 hours. */
export const RUNS_PER_NAME = 1000;
/** Sends read in all per request. */
export const RUNS_BUDGET = 20_000;
/** Task names looked at per request (one index seek and a capped count each). */
export const MAX_NAMES = 2000;

const NEXT_NAME = "SELECT name FROM celery_tasks WHERE source = ? AND name > ? ORDER BY name LIMIT 1";
const COUNT_SENDS =
  "SELECT COUNT(*) AS n FROM (SELECT 1 FROM celery_tasks WHERE source = @source AND name = @name AND ts >= @from AND ts <= @to LIMIT @cap) AS sends";
const RUNS =
  'SELECT task_id AS "taskId", name, args, kwargs, coalesce(sent_at, ts) AS at, state FROM celery_tasks' +
  " WHERE source = @source AND name = @name AND ts >= @from AND ts <= @to ORDER BY ts DESC LIMIT @limit";

export class PeriodicReads {
  constructor(private readonly db: Db) {}

  /** Periodic tasks of the source in the window, judged at `q.to`. */
  async periodic(sourceId: string, q: PeriodicTasksQuery): Promise<CeleryPeriodicTaskListDto> {
    const window = { source: sourceId, from: q.from, to: q.to };
    const names: { name: string; n: number }[] = [];
    let truncated = false;
    for (let prev = "", walked = 0; ; walked++) {
      const row = await this.db.get<{ name: string }>(NEXT_NAME, [sourceId, prev]);
      if (!row) break;
      if (walked === MAX_NAMES) {
        truncated = true;
        break;
      }
      prev = row.name;
      const counted = await this.db.get<{ n: number }>(COUNT_SENDS, { ...window, name: row.name, cap: RUNS_PER_NAME + 1 });
      const n = Number(counted?.n ?? 0);
      if (n >= MIN_RUNS) names.push({ name: row.name, n });
    }
    names.sort((a, b) => a.n - b.n || (a.name < b.name ? -1 : 1));
    const runs: TaskRun[] = [];
    for (const { name, n } of names) {
      const limit = Math.min(RUNS_PER_NAME, RUNS_BUDGET - runs.length);
      if (limit < MIN_RUNS) {
        truncated = true;
        break;
      }
      if (n > limit) truncated = true;
      runs.push(...(await this.db.all<Omit<TaskRun, "state"> & { state: CeleryState }>(RUNS, { ...window, name, limit })));
    }
    return { items: inferPeriodicTasks(runs, q.to), from: q.from, to: q.to, scanned: runs.length, truncated };
  }
}
