import "server-only";
import type { CeleryTaskDto, CeleryWorkerDto } from "@/lib/celery";
import { isRecord } from "./envelope";
import type { Replies } from "./remote-control";

// Turns Celery's remote-control replies and result-backend meta into the rows
// the API serves. Everything here is pure, so shapes are unit-tested without a worker.

/** Celery's version from a `report` reply ("software -> celery:5.2.6 (dawn-chorus) ..."). */
export function versionFromReport(reply: unknown): string | null {
  const text = isRecord(reply) && typeof reply.ok === "string" ? reply.ok : typeof reply === "string" ? reply : "";
  const m = /celery:(\S+)/.exec(text);
  return m?.[1] ?? null;
}

/** Names the pool from the keys each implementation puts in stats.pool (Celery 5 _get_info). */
export function describePool(pool: unknown): { pool: string; concurrency: number | null } {
  if (!isRecord(pool)) return { pool: "unknown", concurrency: null };
  const c = pool["max-concurrency"];
  const concurrency = typeof c === "number" ? c : null;
  let kind = "unknown";
  if ("writes" in pool) kind = "prefork";
  else if ("threads" in pool) kind = "threads";
  else if ("free-threads" in pool) kind = "green";
  else if ("processes" in pool) kind = "solo";
  return { pool: kind, concurrency };
}

function sumCounts(total: unknown): number {
  if (!isRecord(total)) return 0;
  return Object.values(total).reduce<number>((s, v) => s + (typeof v === "number" ? v : 0), 0);
}

/** Queue names a worker consumes from, from an `active_queues` reply. */
export function queueNames(reply: unknown): string[] {
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((q) => (isRecord(q) && typeof q.name === "string" ? [q.name] : []));
}

export function workerRows(
  stats: Replies,
  active: Replies,
  activeQueues: Replies,
  versions: ReadonlyMap<string, string>,
): CeleryWorkerDto[] {
  const hostnames = new Set([...Object.keys(stats), ...Object.keys(active), ...Object.keys(activeQueues)]);
  return [...hostnames].sort().map((hostname) => {
    const s = isRecord(stats[hostname]) ? (stats[hostname] as Record<string, unknown>) : {};
    const a = active[hostname];
    return {
      id: hostname,
      hostname,
      active: Array.isArray(a) ? a.length : 0,
      processed: sumCounts(s.total),
      ...describePool(s.pool),
      version: versions.get(hostname) ?? null,
      pid: typeof s.pid === "number" ? s.pid : null,
      uptime: typeof s.uptime === "number" ? s.uptime : null,
      queues: queueNames(activeQueues[hostname]),
      // Answered this tick; heartbeats (the events hub) refine these.
      status: "online" as const,
      lastSeenAt: null,
      loadavg: null,
    };
  });
}

/** Parsed `celery-task-meta-<id>` value, or null when absent/unreadable. */
export function parseTaskMeta(raw: string | null | undefined): { status: string; result: unknown } | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (isRecord(v) && typeof v.status === "string") return { status: v.status, result: v.result };
  } catch {
    // a backend with another serializer: no progress rather than a crash
  }
  return null;
}

/** current/total clamped to 0..1, when the meta has that shape. */
export function progressOf(meta: unknown): number | null {
  if (!isRecord(meta)) return null;
  const { current, total } = meta;
  if (typeof current !== "number" || typeof total !== "number" || total <= 0) return null;
  return Math.min(1, Math.max(0, current / total));
}

export interface ActiveTask {
  id: string;
  name: string;
  worker: string;
  timeStart: number | null;
  args: unknown;
  kwargs: unknown;
}

export function activeTasks(active: Replies): ActiveTask[] {
  const out: ActiveTask[] = [];
  for (const [worker, list] of Object.entries(active)) {
    if (!Array.isArray(list)) continue;
    for (const t of list) {
      if (!isRecord(t) || typeof t.id !== "string") continue;
      out.push({
        id: t.id,
        name: typeof t.name === "string" ? t.name : typeof t.type === "string" ? t.type : "?",
        worker,
        timeStart: typeof t.time_start === "number" ? t.time_start : null,
        args: t.args,
        kwargs: t.kwargs,
      });
    }
  }
  return out.sort((a, b) => (a.timeStart ?? 0) - (b.timeStart ?? 0));
}

export function taskRow(task: ActiveTask, metaRaw: string | null | undefined): CeleryTaskDto {
  const meta = parseTaskMeta(metaRaw);
  const progressMeta = meta && isRecord(meta.result) ? meta.result : null;
  return {
    id: task.id,
    name: task.name,
    worker: task.worker,
    startedAt: task.timeStart === null ? null : new Date(task.timeStart * 1000).toISOString(),
    state: meta?.status ?? null,
    progress: meta?.status === "SUCCESS" ? 1 : progressOf(progressMeta),
    meta: meta?.status === "PROGRESS" ? progressMeta : null,
    // Arguments can be big or private: a short preview is enough for a list.
    args: JSON.stringify({ args: task.args ?? [], kwargs: task.kwargs ?? {} }).slice(0, 200),
  };
}

/** "celery 5.2.6 (redis 7.0.15)"; says so plainly when no worker answered. */
export function versionText(celeryVersions: string[], broker: string | null, workers: number): string {
  const via = broker ?? "broker ?";
  if (workers === 0) return `celery: no workers (${via})`;
  const uniq = [...new Set(celeryVersions)].sort();
  return `celery ${uniq.length ? uniq.join("/") : "?"} (${via})`;
}
