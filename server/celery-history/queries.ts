import "server-only";
import {
  FAMILY_LIMIT,
  type CeleryDeadLetterDto,
  type CeleryTaskDetailDto,
  type CeleryTaskFilter,
  type CeleryTaskPageDto,
  type CeleryTaskStatsDto,
  type CeleryTaskStatsQuery,
} from "@/lib/celery";
import { groupReasons } from "@/lib/error-signature";
import type { Db } from "@/server/store/db";
import { checkRetry } from "@/server/brokers/celery/retry";
import { buildFamily, type FamilyRow } from "./family";
import { SELECT_ROW, fromSql, summaryOf, timelineOf, type StoredRow } from "./rows";
import { minuteStats, type FinishedRow } from "./stats";
import { firstLine } from "./merge";

// Reads of the task history. Every list query walks an index newest first and stops after one
// page: the keyset cursor (ts, pk) makes page 1000 as cheap as page 1.

const FAMILY_COLUMNS = 'task_id AS "taskId", name, state, parent_id AS "parentId", group_id AS "groupId", ts';
const MAX_RETRIED_AS = 100;
/** Task names listed as dead-letter rows: the most failed first. */
const MAX_FAILURE_GROUPS = 200;
/** Distinct failure texts read per tick for the reasons: the commonest, so a history of unique texts stays one bounded read. */
const MAX_FAILURE_TEXTS = 5000;
/**
 * A failure counts as a dead letter until QueueDeck sends it again: a retried task is handled
 * (its retry is a task of its own, which may fail in turn). Uses the retried_from index.
 */
const NOT_RETRIED = "NOT EXISTS (SELECT 1 FROM celery_tasks r WHERE r.source = celery_tasks.source AND r.retried_from = celery_tasks.task_id)";
/**
 * Text search first asks the trigram index for at most this many candidates. Fewer: the page is
 * built from them alone (rowid lookups, a sort of at most this many). More: the text is common, so
 * walking the list's own index newest first and testing each row finds a page of matches soon.
 */
export const TEXT_PROBE = 10_000;
// Exact test of a candidate: LIKE reads "_" and "%" as wildcards; a task id matches by its start.
const TEXT_MATCH = {
  sqlite: "(instr(lower(search_text), @qLower) > 0 OR (task_id >= @q AND task_id < @qEnd))",
  postgres: "(strpos(lower(search_text), @qLower) > 0 OR (task_id >= @q AND task_id < @qEnd))",
};
/** Rows that may hold the text: SQLite's FTS5 trigram table, or PostgreSQL's pg_trgm index on the column. */
const TEXT_CANDIDATES = {
  sqlite: "SELECT rowid AS pk FROM celery_tasks_text WHERE search_text LIKE ? LIMIT ?",
  postgres: "SELECT pk FROM celery_tasks WHERE search_text ILIKE ? LIMIT ?",
};

export class HistoryReads {
  constructor(
    private readonly db: Db,
    private readonly textProbe = TEXT_PROBE,
  ) {}

  /** Failed tasks by name with their commonest exceptions: the source's dead letters. */
  async failures(sourceId: string): Promise<CeleryDeadLetterDto[]> {
    const groups = await this.db.all<{ name: string | null; count: number; oldest: number; newest: number }>(
      `SELECT name, COUNT(*) AS count, MIN(ts) AS oldest, MAX(ts) AS newest FROM celery_tasks WHERE source = ? AND state = 'FAILURE' AND ${NOT_RETRIED} GROUP BY name ORDER BY count DESC, name LIMIT ${MAX_FAILURE_GROUPS}`,
      [sourceId],
    );
    const reasons = await this.failureTexts(sourceId);
    return groups.map((g) => {
      const name = g.name ?? "(unnamed)";
      const mine = reasons.filter((r) => r.name === name);
      const top = mine.slice(0, 3);
      return {
        id: name,
        name,
        origin: name,
        count: g.count,
        oldest: g.oldest,
        newest: g.newest,
        topExceptions: top.map((r) => ({ message: firstLine(r.message) ?? "(no exception text)", count: r.count })),
        topReasons: groupReasons(mine, 3),
      };
    });
  }

  /**
   * Every distinct failure text (first 300 characters) not sent again, per task name with its
   * count, the most frequent first and at most MAX_FAILURE_TEXTS: for grouping by error signature.
   */
  private failureTexts(sourceId: string): Promise<{ name: string; message: string | null; count: number }[]> {
    return this.db.all<{ name: string; message: string | null; count: number }>(
      `SELECT coalesce(name, '(unnamed)') AS name, substr(exception, 1, 300) AS message, COUNT(*) AS count FROM celery_tasks WHERE source = ? AND state = 'FAILURE' AND ${NOT_RETRIED} GROUP BY name, message ORDER BY count DESC LIMIT ${MAX_FAILURE_TEXTS}`,
      [sourceId],
    );
  }

  /** The failure texts (failureTexts) and the failures per name since `since`: for grouping by error signature and growth. */
  async failureDetail(sourceId: string, since: number): Promise<{ messages: { name: string; message: string | null; count: number }[]; recent: Map<string, number> }> {
    const messages = await this.failureTexts(sourceId);
    const recent = await this.db.all<{ name: string; count: number }>(
      `SELECT coalesce(name, '(unnamed)') AS name, COUNT(*) AS count FROM celery_tasks WHERE source = ? AND finished_at >= ? AND state = 'FAILURE' AND ${NOT_RETRIED} GROUP BY name`,
      [sourceId, since],
    );
    return { messages, recent: new Map(recent.map((r) => [r.name, r.count])) };
  }

  /**
   * Failed tasks of one name not sent again yet, newest first, with the exception's first 300
   * characters (what the inbox groups by signature): the candidates of a reason group's retry.
   */
  async failedNotRetried(sourceId: string, name: string, limit: number): Promise<{ taskId: string; exception: string | null }[]> {
    return this.db.all<{ taskId: string; exception: string | null }>(
      `SELECT task_id AS "taskId", substr(exception, 1, 300) AS exception FROM celery_tasks WHERE source = ? AND state = 'FAILURE' AND coalesce(name, '(unnamed)') = ? AND ${NOT_RETRIED} ORDER BY ts DESC LIMIT ?`,
      [sourceId, name, limit],
    );
  }

  /** Tasks that succeeded since `since`, per queue (the consume rate behind a queue's time behind). */
  async succeededByQueue(sourceId: string, since: number): Promise<Map<string, number>> {
    const rows = await this.db.all<{ queue: string; count: number }>(
      `SELECT queue, COUNT(*) AS count FROM celery_tasks WHERE source = ? AND finished_at >= ? AND state = 'SUCCESS' AND queue IS NOT NULL GROUP BY queue`,
      [sourceId, since],
    );
    return new Map(rows.map((r) => [r.queue, r.count]));
  }

  /** Tasks finished (succeeded or failed) since `since`, and the failed tasks not sent again (the inbox's dead letters): the source's throughput and dead letters. */
  async finishedAndFailed(sourceId: string, since: number): Promise<{ finished: number; failed: number }> {
    const r = await this.db.get<{ finished: number | string; failed: number | string }>(
      `SELECT (SELECT COUNT(*) FROM celery_tasks WHERE source = @source AND finished_at >= @since AND state IN ('SUCCESS', 'FAILURE')) AS finished,
              (SELECT COUNT(*) FROM celery_tasks WHERE source = @source AND state = 'FAILURE' AND ${NOT_RETRIED}) AS failed`,
      { source: sourceId, since },
    );
    return { finished: Number(r?.finished ?? 0), failed: Number(r?.failed ?? 0) };
  }

  async row(sourceId: string, taskId: string, db: Db = this.db): Promise<StoredRow | undefined> {
    const r = await db.get<Parameters<typeof fromSql>[0]>(`SELECT ${SELECT_ROW} FROM celery_tasks WHERE source = ? AND task_id = ?`, [sourceId, taskId]);
    return r ? fromSql(r) : undefined;
  }

  async list(sourceId: string, f: CeleryTaskFilter): Promise<CeleryTaskPageDto> {
    const where = ["source = @source"];
    const params: Record<string, unknown> = { source: sourceId, limit: f.limit + 1 };
    if (f.state?.length) {
      where.push(`state IN (${f.state.map((_, i) => `@state${i}`).join(", ")})`);
      f.state.forEach((s, i) => (params[`state${i}`] = s));
    }
    const terms: [keyof CeleryTaskFilter, string][] = [
      ["name", "name = @name"],
      ["worker", "worker = @worker"],
      ["from", "ts >= @from"],
      ["to", "ts <= @to"],
    ];
    for (const [key, term] of terms) {
      if (f[key] === undefined) continue;
      where.push(term);
      params[key] = f[key];
    }
    if (f.cursor !== undefined) {
      const [ts, pk] = f.cursor.split("-").map(Number) as [number, number];
      where.push("(ts < @cts OR (ts = @cts AND pk < @cpk))");
      Object.assign(params, { cts: ts, cpk: pk });
    }
    let from = "celery_tasks";
    if (f.q !== undefined) {
      Object.assign(params, { qLower: f.q.toLowerCase(), q: f.q, qEnd: `${f.q}\uffff` });
      where.push(TEXT_MATCH[this.db.dialect]);
      const hits = await this.textCandidates(sourceId, f.q);
      if (hits && this.db.dialect === "sqlite") {
        // CROSS JOIN keeps SQLite from walking the ts index instead of the few candidates.
        from = "json_each(@hits) AS hit CROSS JOIN celery_tasks ON celery_tasks.pk = hit.value";
        params.hits = JSON.stringify(hits);
      } else if (hits) {
        where.push("pk = ANY(CAST(@hits AS BIGINT[]))");
        params.hits = hits;
      }
    }
    const sql = `SELECT ${SELECT_ROW} FROM ${from} WHERE ${where.join(" AND ")} ORDER BY ts DESC, pk DESC LIMIT @limit`;
    const rows = (await this.db.all<Parameters<typeof fromSql>[0]>(sql, params)).map(fromSql);
    const page = rows.slice(0, f.limit);
    const last = page.at(-1);
    return { items: page.map(summaryOf), nextCursor: rows.length > f.limit && last ? `${last.ts}-${last.pk}` : null };
  }

  /** Rows that may hold `q` (text, or a task id starting with it); null when there are more than textProbe. */
  private async textCandidates(sourceId: string, q: string): Promise<number[] | null> {
    const text = await this.db.all<{ pk: number }>(TEXT_CANDIDATES[this.db.dialect], [`%${q}%`, this.textProbe + 1]);
    const ids = await this.db.all<{ pk: number }>("SELECT pk FROM celery_tasks WHERE source = ? AND task_id >= ? AND task_id < ? LIMIT ?", [
      sourceId,
      q,
      `${q}\uffff`,
      this.textProbe + 1,
    ]);
    if (text.length > this.textProbe || ids.length > this.textProbe) return null;
    return [...new Set([...text, ...ids].map((r) => r.pk))];
  }

  async detail(sourceId: string, taskId: string): Promise<CeleryTaskDetailDto | undefined> {
    const row = await this.row(sourceId, taskId);
    if (!row) return undefined;
    // Sorted here: an ORDER BY would send SQLite down the ts index instead of the small partial one.
    const retriedAs = (
      await this.db.all<{ id: string; ts: number }>(`SELECT task_id AS id, ts FROM celery_tasks WHERE source = ? AND retried_from = ? LIMIT ${MAX_RETRIED_AS}`, [sourceId, taskId])
    )
      .sort((a, b) => a.ts - b.ts)
      .map((r) => r.id);
    const { family, familyTruncated } = await this.family(sourceId, row);
    const detail: CeleryTaskDetailDto = {
      ...summaryOf(row),
      args: row.args,
      kwargs: row.kwargs,
      result: row.result,
      traceback: row.traceback,
      eta: row.eta,
      expires: row.expires,
      exchange: row.exchange,
      routingKey: row.routingKey,
      timeline: timelineOf(row),
      family,
      familyTruncated,
      groupId: row.groupId,
      retriedFrom: row.retriedFrom,
      retriedAs,
      retryable: false,
    };
    // Events carry reprs of args and kwargs (cut at 1 KiB): retryable when they read back exactly.
    detail.retryable = checkRetry(detail).ok;
    return detail;
  }

  /** Everyone under the task's root (Celery passes root_id down), plus its group's members. */
  private async family(sourceId: string, row: StoredRow): Promise<{ family: CeleryTaskDetailDto["family"]; familyTruncated: boolean }> {
    const rootId = row.rootId ?? row.taskId;
    // No ORDER BY (buildFamily sorts): it would make SQLite walk the ts index instead of the partial ones.
    const relatives = await this.db.all<FamilyRow>(`SELECT ${FAMILY_COLUMNS} FROM celery_tasks WHERE source = ? AND root_id = ? AND root_id <> task_id LIMIT ?`, [
      sourceId,
      rootId,
      FAMILY_LIMIT + 1,
    ]);
    const rootRow = await this.db.get<FamilyRow>(`SELECT ${FAMILY_COLUMNS} FROM celery_tasks WHERE source = ? AND task_id = ?`, [sourceId, rootId]);
    const group = row.groupId
      ? await this.db.all<FamilyRow>(`SELECT ${FAMILY_COLUMNS} FROM celery_tasks WHERE source = ? AND group_id = ? LIMIT ?`, [sourceId, row.groupId, FAMILY_LIMIT + 1])
      : [];
    const self: FamilyRow = { taskId: row.taskId, name: row.name, state: row.state, parentId: row.parentId, groupId: row.groupId, ts: row.ts };
    const all = [...(rootRow ? [rootRow] : []), ...relatives, ...group, self];
    const unique = new Set(all.map((r) => r.taskId));
    const familyTruncated = relatives.length > FAMILY_LIMIT || group.length > FAMILY_LIMIT;
    const rows = familyTruncated ? keepNear(all, row.taskId) : all;
    return { family: unique.size > 1 ? buildFamily(rootId, rows) : null, familyTruncated };
  }

  async stats(sourceId: string, q: CeleryTaskStatsQuery): Promise<CeleryTaskStatsDto> {
    const byName = q.name !== undefined ? " AND name = @name" : "";
    const rows = await this.db.all<FinishedRow>(
      'SELECT finished_at AS "finishedAt", state, runtime, received_at AS "receivedAt", started_at AS "startedAt" FROM celery_tasks' +
        ` WHERE source = @source AND finished_at IS NOT NULL AND finished_at >= @from AND finished_at < @to${byName}`,
      { source: sourceId, from: q.from, to: q.to, ...(q.name !== undefined ? { name: q.name } : {}) },
    );
    return minuteStats(rows, q.from, q.to);
  }
}

/** A family too big to draw: the root, FAMILY_LIMIT relatives and the task itself. */
function keepNear(rows: FamilyRow[], taskId: string): FamilyRow[] {
  const kept = rows.slice(0, FAMILY_LIMIT);
  if (!kept.some((r) => r.taskId === taskId)) kept.push(rows.find((r) => r.taskId === taskId)!);
  return kept;
}
