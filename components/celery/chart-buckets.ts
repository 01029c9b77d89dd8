import type { CeleryTaskStatsDto } from "@/lib/celery";

type Point = CeleryTaskStatsDto["points"][number];
export interface CountBar {
  t: number;
  succeeded: number;
  failed: number;
}

const BUCKET_MINUTES = [1, 5, 15, 30, 60, 180, 360] as const;

/**
 * Succeeded and failed counts in buckets wide enough that the range has at most `maxBars` of
 * them (7 days of minutes would be 10,080 bars): the unit on the axis says the bucket's width.
 * Every bucket of [from, to] is there, with zeros where nothing finished.
 */
export function bucketCounts(points: readonly Point[], from: number, to: number, maxBars = 180): { minutes: number; bars: CountBar[] } {
  const span = Math.max(0, to - from);
  const minutes = BUCKET_MINUTES.find((m) => span / (m * 60_000) <= maxBars) ?? 360;
  const width = minutes * 60_000;
  const bars = new Map<number, CountBar>();
  // Every bucket of the range, empty ones too: bars keep one width and a quiet minute shows as 0.
  for (let t = Math.floor(from / width) * width; t <= to; t += width) bars.set(t, { t, succeeded: 0, failed: 0 });
  for (const p of points) {
    const t = Math.floor(p.t / width) * width;
    const bar = bars.get(t) ?? { t, succeeded: 0, failed: 0 };
    bar.succeeded += p.succeeded;
    bar.failed += p.failed;
    bars.set(t, bar);
  }
  return { minutes, bars: [...bars.values()].sort((a, b) => a.t - b.t) };
}

/** "tasks/min", "tasks/15 min", "tasks/h". */
export const countUnit = (minutes: number): string => (minutes === 1 ? "tasks/min" : minutes === 60 ? "tasks/h" : minutes % 60 === 0 ? `tasks/${minutes / 60} h` : `tasks/${minutes} min`);
