import "server-only";
import type { CeleryPeriodicTaskListDto, PeriodicTasksQuery } from "@/lib/celery-periodic";
import type { CeleryDeadLetterDto, CeleryTaskDetailDto, CeleryTaskFilter, CeleryTaskPageDto, CeleryTaskStatsDto, CeleryTaskStatsQuery } from "@/lib/celery";
import type { CeleryEvent } from "@/server/brokers/celery/transport";
import type { Db } from "@/server/store/db";
import { isTaskEvent, mergeTaskEvents, type TaskRow } from "./merge";
import { COLUMN_OF, FIELDS, toSql } from "./rows";
import { HistoryReads } from "./queries";
import { PeriodicReads } from "./periodic-reads";

/** How much history each source keeps: whichever limit is reached first. */
export interface Retention {
  /** Most tasks kept per source; the oldest go first. */
  maxTasks: number;
  /** Tasks first seen longer ago than this go. */
  maxAgeMs: number;
}

/** Rows one pruning transaction deletes: small enough that requests and ingest never wait long behind it. */
export const PRUNE_BATCH = 500;

const INSERT = `INSERT INTO celery_tasks (source, ${FIELDS.map((f) => COLUMN_OF[f]).join(", ")}) VALUES (@source, ${FIELDS.map((f) => `@${f}`).join(", ")})`;

/** Celery task history in the dashboard's SQLite store: events in, pages of tasks out. */
export class CeleryHistoryStore {
  private readonly reads: HistoryReads;
  private readonly periodicReads: PeriodicReads;

  /** `textProbe`: see queries.ts TEXT_PROBE (tests lower it to reach the common-text path). */
  constructor(
    private readonly db: Db,
    opts: { textProbe?: number } = {},
  ) {
    this.reads = new HistoryReads(db, opts.textProbe);
    this.periodicReads = new PeriodicReads(db);
  }

  /**
   * Merges a batch of events (any kind; non-task events are skipped) into the source's task rows,
   * in one transaction. Returns how many tasks it touched.
   */
  async ingest(sourceId: string, events: readonly CeleryEvent[], now = Date.now()): Promise<number> {
    const byTask = new Map<string, CeleryEvent[]>();
    for (const e of events) {
      if (!isTaskEvent(e)) continue;
      const list = byTask.get(e.uuid);
      if (list) list.push(e);
      else byTask.set(e.uuid, [e]);
    }
    if (byTask.size === 0) return 0;
    await this.db.tx(async (q) => {
      for (const [taskId, taskEvents] of byTask) {
        const old = await this.reads.row(sourceId, taskId, q);
        const next = mergeTaskEvents(old, taskId, taskEvents, now);
        if (!old) await q.run(INSERT, { source: sourceId, ...toSql(next) });
        else await this.update(q, old.pk, old, next);
      }
    });
    return byTask.size;
  }

  /** Writes only the columns that changed, so indexes on unchanged columns are not touched. */
  private async update(q: Db, pk: number, old: TaskRow, next: TaskRow): Promise<void> {
    const changed = FIELDS.filter((f) => (f === "timeline" ? JSON.stringify(old.timeline) !== JSON.stringify(next.timeline) : old[f] !== next[f]));
    if (changed.length === 0) return;
    const values = toSql(next);
    await q.run(`UPDATE celery_tasks SET ${changed.map((f) => `${COLUMN_OF[f]} = @${f}`).join(", ")} WHERE pk = @pk`, {
      pk,
      ...Object.fromEntries(changed.map((f) => [f, values[f]])),
    });
  }

  /**
   * Deletes what `retention` no longer keeps, oldest first, PRUNE_BATCH rows per transaction,
   * letting the event loop run between batches. Returns how many rows went.
   */
  async prune(sourceId: string, retention: Retention, now = Date.now()): Promise<number> {
    let total = 0;
    const batches = async (run: () => Promise<number>) => {
      for (;;) {
        const n = await run();
        total += n;
        if (n < PRUNE_BATCH) return;
        await new Promise((r) => setImmediate(r));
      }
    };
    await batches(() =>
      this.db.run("DELETE FROM celery_tasks WHERE pk IN (SELECT pk FROM celery_tasks WHERE source = ? AND ts < ? ORDER BY ts LIMIT ?)", [
        sourceId,
        now - retention.maxAgeMs,
        PRUNE_BATCH,
      ]),
    );
    // The newest row past the limit; it and everything older go.
    const edge = await this.db.get<{ ts: number; pk: number }>("SELECT ts, pk FROM celery_tasks WHERE source = ? ORDER BY ts DESC, pk DESC LIMIT 1 OFFSET ?", [
      sourceId,
      retention.maxTasks,
    ]);
    if (edge)
      await batches(() =>
        this.db.run(
          "DELETE FROM celery_tasks WHERE pk IN (SELECT pk FROM celery_tasks WHERE source = @source AND ts <= @ts AND (ts < @ts OR pk <= @pk) ORDER BY ts, pk LIMIT @limit)",
          { source: sourceId, ts: edge.ts, pk: edge.pk, limit: PRUNE_BATCH },
        ),
      );
    return total;
  }

  /** Records that QueueDeck sent `taskId` as a retry of `fromTaskId` (before or after its events arrive). */
  async markRetriedFrom(sourceId: string, taskId: string, fromTaskId: string, now = Date.now()): Promise<void> {
    await this.db.run(
      "INSERT INTO celery_tasks (source, task_id, ts, state, state_at, retried_from) VALUES (?, ?, ?, 'PENDING', 0, ?)" +
        " ON CONFLICT (source, task_id) DO UPDATE SET retried_from = excluded.retried_from",
      [sourceId, taskId, now, fromTaskId],
    );
  }

  failures(sourceId: string): Promise<CeleryDeadLetterDto[]> {
    return this.reads.failures(sourceId);
  }

  failedNotRetried(sourceId: string, name: string, limit: number): Promise<{ taskId: string; exception: string | null }[]> {
    return this.reads.failedNotRetried(sourceId, name, limit);
  }

  succeededByQueue(sourceId: string, since: number): Promise<Map<string, number>> {
    return this.reads.succeededByQueue(sourceId, since);
  }

  finishedAndFailed(sourceId: string, since: number): Promise<{ finished: number; failed: number }> {
    return this.reads.finishedAndFailed(sourceId, since);
  }

  failureDetail(sourceId: string, since: number): ReturnType<HistoryReads["failureDetail"]> {
    return this.reads.failureDetail(sourceId, since);
  }

  list(sourceId: string, filter: CeleryTaskFilter): Promise<CeleryTaskPageDto> {
    return this.reads.list(sourceId, filter);
  }

  /** The task page, or undefined when the history has no such task. */
  detail(sourceId: string, taskId: string): Promise<CeleryTaskDetailDto | undefined> {
    return this.reads.detail(sourceId, taskId);
  }

  stats(sourceId: string, query: CeleryTaskStatsQuery): Promise<CeleryTaskStatsDto> {
    return this.reads.stats(sourceId, query);
  }

  /** Tasks sent at a regular interval (celery beat's), inferred from the history in the window. */
  periodic(sourceId: string, query: PeriodicTasksQuery): Promise<CeleryPeriodicTaskListDto> {
    return this.periodicReads.periodic(sourceId, query);
  }

  /** Ids of the newest tasks not finished yet (no SUCCESS, FAILURE or REVOKED seen), newest first. */
  async unfinished(sourceId: string, limit: number): Promise<string[]> {
    const rows = await this.db.all<{ task_id: string }>(
      "SELECT task_id FROM celery_tasks WHERE source = ? AND state NOT IN ('SUCCESS', 'FAILURE', 'REVOKED') ORDER BY ts DESC LIMIT ?",
      [sourceId, limit],
    );
    return rows.map((r) => r.task_id);
  }

  /** Tasks kept for the source (for the bench and tests). */
  async count(sourceId: string): Promise<number> {
    return Number((await this.db.get<{ n: number }>("SELECT count(*) AS n FROM celery_tasks WHERE source = ?", [sourceId]))!.n);
  }
}
