import "server-only";
import type { Trend } from "@/lib/attention";
import type { InboxContext } from "@/server/dead-letters/context";
import { drainSeconds, trendOf } from "./trend";

/** The window trends and rates are read over. */
export const WINDOW_MS = 5 * 60_000;
/** Less history than this says nothing. */
const MIN_SPAN_MS = 30_000;

export type SourceContext = InboxContext;

/** First and last stored points of a series over the window, when they span enough time. */
export async function windowEdges(ctx: SourceContext, entity: string, metric: string): Promise<{ first: number; last: number; spanMs: number } | undefined> {
  const e = await ctx.rt.series.edges(ctx.sampler.source.id, entity, metric, ctx.now - WINDOW_MS, ctx.now);
  if (!e || e.last.t - e.first.t < MIN_SPAN_MS) return undefined;
  return { first: e.first.v, last: e.last.v, spanMs: e.last.t - e.first.t };
}

/** Trend and time to drain of a backlog series. */
export async function backlogHistory(
  ctx: SourceContext,
  entity: string,
  metric: string,
  backlog: number,
): Promise<{ trend: Trend | null; timeToDrainSeconds: number | null }> {
  const e = await windowEdges(ctx, entity, metric);
  if (!e) return { trend: null, timeToDrainSeconds: null };
  return { trend: trendOf(e.first, e.last), timeToDrainSeconds: drainSeconds(backlog, e.first, e.last, e.spanMs) };
}

/** Per second, from a growing counter's series (a total of completed jobs); null when it did not grow or is unknown. */
export async function counterRate(ctx: SourceContext, entity: string, metric: string): Promise<number | null> {
  const e = await windowEdges(ctx, entity, metric);
  if (!e || e.last < e.first) return null;
  return (e.last - e.first) / (e.spanMs / 1000);
}
