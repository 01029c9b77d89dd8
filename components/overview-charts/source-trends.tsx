"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { BrokerKind } from "@/lib/dto";
import { SOURCE_METRIC_LABEL, SOURCE_METRIC_UNIT, SOURCE_METRICS, type OverviewSeriesDto, type SourceMetric } from "@/lib/overview";
import type { ChartMarker } from "../charts/audit-markers";
import { Sparkline } from "./sparkline";

export const METRIC_COLOR: Record<SourceMetric, string> = { depth: "#6366f1", throughput: "#10b981", deadLetters: "#ef4444" };

export type OverviewSeriesQueries = Record<SourceMetric, UseQueryResult<OverviewSeriesDto>>;

/** A source card's three sparklines (depth, throughput, dead letters), from the answers every card shares. */
export function SourceTrends({ source, kind, series, markers }: { source: string; kind: BrokerKind; series: OverviewSeriesQueries; markers: readonly ChartMarker[] }) {
  const mine = markers.filter((m) => m.source === source);
  return (
    <div className="mt-3 space-y-1.5 border-t border-slate-100 pt-2 dark:border-slate-800" aria-label="Last hour">
      {SOURCE_METRICS.map((metric) => {
        const q = series[metric];
        const row = q.data?.sources.find((s) => s.source === source);
        return (
          <Sparkline
            key={metric}
            label={SOURCE_METRIC_LABEL[metric]}
            unit={row?.unit ?? SOURCE_METRIC_UNIT[metric][kind]}
            points={row?.points}
            latest={row?.latest}
            from={q.data?.from ?? 0}
            to={q.data?.to ?? 0}
            loading={q.isPending}
            failed={q.isError}
            color={METRIC_COLOR[metric]}
            markers={mine}
          />
        );
      })}
    </div>
  );
}
