"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { OverviewSeriesDto, SourceMetric } from "@/lib/overview";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import type { TimeRangeId } from "@/lib/time-range";
import { apiPaths } from "@/lib/urls";

/** Points of every source a sparkline draws: an hour of ticks thinned to this many. */
export const SPARKLINE_POINTS = 120;

/** One source-level metric of every source: one request for all the cards, not one per card. */
export function useOverviewSeries(metric: SourceMetric, range: TimeRangeId, points: number) {
  return useQuery({
    queryKey: queryKeys.overviewSeries(metric, range, points),
    queryFn: ({ signal }) => api<OverviewSeriesDto>(apiPaths.overviewSeries({ metric, range, points }), { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}
