import "server-only";
import type { CeleryTaskStatsDto } from "@/lib/celery";

const MINUTE = 60_000;

/** A finished task, as the per-minute charts need it. */
export interface FinishedRow {
  finishedAt: number;
  state: string;
  runtime: number | null;
  receivedAt: number | null;
  startedAt: number | null;
}

/** Nearest-rank percentile of ascending `sorted`; null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * One point per minute of [from, to), zeros included so a chart's axis has no holes: succeeded
 * and failed counts, runtime percentiles and the median wait (received -> started) of the
 * tasks that finished in that minute.
 */
export function minuteStats(rows: readonly FinishedRow[], from: number, to: number): CeleryTaskStatsDto {
  const first = Math.floor(from / MINUTE) * MINUTE;
  const buckets = new Map<number, { succeeded: number; failed: number; runtimes: number[]; waits: number[] }>();
  for (let t = first; t < to; t += MINUTE) buckets.set(t, { succeeded: 0, failed: 0, runtimes: [], waits: [] });
  for (const r of rows) {
    const b = buckets.get(Math.floor(r.finishedAt / MINUTE) * MINUTE);
    if (!b) continue;
    if (r.state === "SUCCESS") b.succeeded++;
    else if (r.state === "FAILURE") b.failed++;
    else continue;
    if (r.runtime !== null) b.runtimes.push(r.runtime);
    if (r.receivedAt !== null && r.startedAt !== null && r.startedAt >= r.receivedAt) b.waits.push((r.startedAt - r.receivedAt) / 1000);
  }
  const points = [...buckets].map(([t, b]) => {
    b.runtimes.sort((x, y) => x - y);
    b.waits.sort((x, y) => x - y);
    return {
      t,
      succeeded: b.succeeded,
      failed: b.failed,
      runtimeP50: percentile(b.runtimes, 0.5),
      runtimeP95: percentile(b.runtimes, 0.95),
      runtimeP99: percentile(b.runtimes, 0.99),
      waitP50: percentile(b.waits, 0.5),
    };
  });
  return { points };
}
