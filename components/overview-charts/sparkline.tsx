"use client";

import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SeriesPointDto } from "@/lib/dto";
import { formatNumber } from "@/lib/format";
import type { ChartMarker } from "../charts/audit-markers";
import { markerLines } from "../charts/chart-markers";
import { withGaps } from "../charts/series-gaps";

/** Fewer points than this draw no line: the collector is still collecting. */
const MIN_POINTS = 2;

const value = (v: number) => formatNumber(v < 10 && !Number.isInteger(v) ? Number(v.toFixed(2)) : Math.round(v));

/**
 * A small line of one number over the last hour, with its current value and unit and a tooltip
 * per point; the source's actions (audit markers) as dashed lines. No axes: the card is small.
 * The line breaks where there is no data (series-gaps.ts), as on the larger charts.
 */
export function Sparkline({
  label,
  unit,
  points,
  latest,
  from,
  to,
  loading,
  failed,
  color,
  markers,
}: {
  label: string;
  unit: string;
  points: readonly SeriesPointDto[] | undefined;
  /** The current value as recorded (points may be averages). */
  latest: SeriesPointDto | null | undefined;
  from: number;
  to: number;
  loading: boolean;
  failed: boolean;
  color: string;
  markers: readonly ChartMarker[];
}) {
  const last = latest ?? points?.at(-1);
  const enough = (points?.length ?? 0) >= MIN_POINTS;
  return (
    <div data-testid="sparkline" data-metric={label} data-points={points?.length ?? 0}>
      <div className="flex items-baseline justify-between gap-2 text-[11px]">
        <span className="uppercase tracking-wide text-slate-500">{label}</span>
        <span className="truncate font-mono tabular-nums text-slate-700 dark:text-slate-200" data-testid="sparkline-value">
          {last ? `${value(last.v)} ${unit}` : "–"}
        </span>
      </div>
      <div className="h-8" role="img" aria-label={enough ? `${label} over the last hour, now ${last ? value(last.v) : "?"} ${unit}` : `${label}: no history yet`}>
        {loading && !points ? (
          <div className="h-full animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
        ) : failed && !points ? (
          <p className="text-[11px] text-red-700 dark:text-red-400">history unavailable</p>
        ) : !enough ? (
          <p className="text-[11px] text-slate-400" data-testid="sparkline-collecting">
            collecting…
          </p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={withGaps(points ?? [])} margin={{ top: 2, right: 0, bottom: 2, left: 0 }}>
              {/* Hidden axes: the time domain for the markers, and a floor at zero. */}
              {/* From the first point: a source with minutes of history draws a line, not a dot at the edge. */}
              <XAxis hide dataKey="t" type="number" scale="time" domain={["dataMin", to]} />
              <YAxis hide domain={[0, "auto"]} />
              <Tooltip
                labelFormatter={(t) => new Date(Number(t)).toLocaleTimeString()}
                formatter={(v) => [v == null ? "no data" : `${value(Number(v))} ${unit}`, label]}
                contentStyle={{ fontSize: 11, padding: "2px 6px", color: "#0f172a" }}
                wrapperStyle={{ zIndex: 10 }}
              />
              <Line type="linear" dataKey="v" stroke={color} dot={false} isAnimationActive={false} strokeWidth={1.5} />
              {markerLines(markers.filter((m) => m.t >= from && m.t <= to))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </div>
  );
}
