"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SeriesPointDto } from "@/lib/dto";
import { formatNumber } from "@/lib/format";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { useAuditMarkers } from "./audit-markers";
import { MarkerList, markerLines } from "./chart-markers";
import { withGaps } from "./series-gaps";

/** Tick labels of a time axis: hours and minutes, or dates past a day. */
export function timeTick(rangeMs: number) {
  return (t: number) => {
    const d = new Date(t);
    return rangeMs > 24 * 3600_000
      ? d.toLocaleDateString([], { month: "short", day: "numeric" })
      : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  };
}

/** Five evenly spaced time ticks across the whole range, even when the points cover a corner of it. */
export const timeTicks = (from: number, to: number) => Array.from({ length: 5 }, (_, i) => Math.round(from + ((to - from) * i) / 4));

/** One metric over time, with labelled axes and the unit in the title. */
export function SeriesChart({
  title,
  unit,
  points,
  from,
  to,
  loading,
  color = "#4f46e5",
  countable = false,
  source,
}: {
  title: string;
  unit: string;
  points: SeriesPointDto[] | undefined;
  from: number;
  to: number;
  loading?: boolean;
  color?: string;
  /** Whole things (messages, jobs): no "0.5 jobs" on the axis. */
  countable?: boolean;
  /** The source whose actions (from the audit log) are marked on the time axis. */
  source?: string;
}) {
  const markers = useAuditMarkers(source, from, to);
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900" data-testid={`chart-${title}`}>
      <figcaption className="mb-2 text-sm font-medium">
        {title} <span className="font-normal text-slate-500">({unit})</span>
      </figcaption>
      <div className="h-48">
        <QueryView
          query={{ data: points ?? (loading ? undefined : []), error: null, isPending: Boolean(loading) }}
          loading="Loading chart"
          isEmpty={(p) => !p.length}
          empty={<EmptyState title="No data in this range yet">The collector records a point every few seconds.</EmptyState>}
        >
          {(points) => (
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={withGaps(points)} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
                <XAxis
                  dataKey="t"
                  type="number"
                  domain={[from, to]}
                  scale="time"
                  ticks={timeTicks(from, to)}
                  tickFormatter={timeTick(to - from)}
                  tick={{ fontSize: 11, fill: "currentColor" }}
                  stroke="currentColor"
                  strokeOpacity={0.4}
                />
                <YAxis
                  allowDecimals={!countable}
                  tickFormatter={(v: number) => formatNumber(v)}
                  tick={{ fontSize: 11, fill: "currentColor" }}
                  width={48}
                  stroke="currentColor"
                  strokeOpacity={0.4}
                  label={{ value: unit, angle: -90, position: "insideLeft", fontSize: 11, fill: "currentColor" }}
                />
                <Tooltip
                  labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
                  formatter={(v) => [v == null ? "no data" : `${formatNumber(Number(v))} ${unit}`, title]}
                  contentStyle={{ fontSize: 12 }}
                />
                <Line type="monotone" dataKey="v" stroke={color} dot={false} isAnimationActive={false} strokeWidth={2} />
                {markerLines(markers)}
              </LineChart>
            </ResponsiveContainer>
          )}
        </QueryView>
      </div>
      <MarkerList markers={markers} />
    </figure>
  );
}
