import type { SeriesPointDto } from "@/lib/dto";

/** A point of a chart line; `v: null` breaks the line. */
export type ChartPoint = Omit<SeriesPointDto, "v"> & { v: number | null };

/** A stretch longer than this many typical steps has no data: QueueDeck or the source was down. */
const GAP_STEPS = 3;

/**
 * The points with a break (a `v: null` point) wherever two neighbours are further apart than
 * GAP_STEPS times the typical (median) step, so a chart draws no line across time without data
 * instead of a straight line that looks measured.
 */
export function withGaps(points: readonly SeriesPointDto[]): ChartPoint[] {
  if (points.length < 3) return [...points];
  const steps = points.slice(1).map((p, i) => p.t - points[i]!.t).sort((a, b) => a - b);
  const typical = steps[Math.floor(steps.length / 2)]!;
  if (typical <= 0) return [...points];
  const out: ChartPoint[] = [points[0]!];
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1]!;
    const p = points[i]!;
    if (p.t - prev.t > GAP_STEPS * typical) out.push({ t: Math.round((prev.t + p.t) / 2), v: null });
    out.push(p);
  }
  return out;
}
