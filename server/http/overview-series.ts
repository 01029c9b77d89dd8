import "server-only";
import { SOURCE_METRIC_UNIT, type OverviewSeriesDto, type SourceMetric } from "@/lib/overview";
import { seriesKey } from "@/lib/series-key";
import { rangeMs, type TimeRangeId } from "@/lib/time-range";
import type { Runtime } from "@/server/runtime";

/**
 * One source-level series (depth, throughput or dead letters) of every source over a range, from
 * the store: what the overview's sparklines and its cross-source chart draw, in one answer.
 * Bounded: at most `points` per source, and as many sources as the configuration has; only the
 * sources the caller may see.
 */
export async function overviewSeries(
  rt: Runtime,
  q: { metric: SourceMetric; range: TimeRangeId; points: number },
  sees: (sourceId: string) => boolean,
  now = Date.now(),
): Promise<OverviewSeriesDto> {
  const from = now - rangeMs(q.range);
  const key = seriesKey.source();
  const sources = await Promise.all(
    [...rt.collector.samplers.values()].filter(({ source }) => sees(source.id)).map(async ({ source }) => ({
    source: source.id,
    name: source.name,
    kind: source.kind,
    unit: SOURCE_METRIC_UNIT[q.metric][source.kind],
    points: await rt.series.query(source.id, key, q.metric, from, now, now, q.points),
    latest: (await rt.series.edges(source.id, key, q.metric, from, now))?.last ?? null,
  })),
  );
  return { metric: q.metric, range: q.range, from, to: now, sources };
}
