import "server-only";
import type { InboxItemDto } from "@/lib/dead-letters";
import type { Runtime } from "@/server/runtime";
import type { SourceSampler } from "@/server/collector/sampler";

export interface InboxContext {
  rt: Runtime;
  sampler: SourceSampler;
  now: number;
}

/** One kind's dead letters, from the collector's snapshot and the store (plus bounded, cached reads). */
export type InboxReader = (ctx: InboxContext) => Promise<InboxItemDto[]>;

const HOUR_MS = 60 * 60_000;
/** Less history than this says nothing about a trend (30 s: 6 ticks at the default interval). */
const MIN_SPAN_MS = 30_000;

/**
 * The change of a stored series over the last hour: last minus first point, scaled to an hour
 * when the store holds less (a dashboard started 10 minutes ago extrapolates its 10 minutes).
 */
export async function growthPerHour(ctx: InboxContext, entity: string, metric: string): Promise<number | null> {
  const e = await ctx.rt.series.edges(ctx.sampler.source.id, entity, metric, ctx.now - HOUR_MS, ctx.now);
  if (!e) return null;
  const span = e.last.t - e.first.t;
  if (span < MIN_SPAN_MS) return null;
  const delta = e.last.v - e.first.v;
  return Math.round(span >= HOUR_MS - MIN_SPAN_MS ? delta : (delta * HOUR_MS) / span);
}

export const isoOrNull = (ms: number | null | undefined): string | null => (typeof ms === "number" && ms > 0 ? new Date(ms).toISOString() : null);
