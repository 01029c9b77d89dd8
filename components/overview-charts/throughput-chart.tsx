"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "@/lib/format";
import type { OverviewSeriesDto } from "@/lib/overview";
import { ALL_SOURCES, useAuditMarkers } from "../charts/audit-markers";
import { MarkerList, markerLines } from "../charts/chart-markers";
import { timeTick, timeTicks } from "../charts/series-chart";
import { TimeRangePicker } from "../charts/time-range-picker";
import { rangeMs, TIME_RANGE_IDS, type TimeRangeId } from "../charts/time-range";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { useUrlState } from "../use-url-state";
import { lineKey, mergeOnGrid } from "./merge-series";
import { useOverviewSeries } from "./queries";

const PALETTE = ["#6366f1", "#10b981", "#f59e0b", "#ef4444", "#0ea5e9", "#a855f7", "#84cc16", "#ec4899"];
const AXIS = { tick: { fontSize: 11, fill: "currentColor" }, stroke: "currentColor", strokeOpacity: 0.4 } as const;
const CHART_POINTS = 300;
/** Rates below 10 keep two significant digits: "0.05", not five ticks that all read "0.1". */
const rateTick = (v: number) => (Math.abs(v) < 10 ? String(Number(v.toPrecision(2))) : formatNumber(v));

/** Messages, jobs and tasks done per second, a line per source, with every source's actions on the time axis. */
export function ThroughputAcrossSources() {
  const [range, setRange] = useUrlState<TimeRangeId>("range", "1h", TIME_RANGE_IDS);
  const q = useOverviewSeries("throughput", range, CHART_POINTS);
  const to = q.data?.to ?? 0;
  const from = q.data?.from ?? to - rangeMs(range);
  const markers = useAuditMarkers(ALL_SOURCES, from, to);
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900" data-testid="chart-throughput-all">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <figcaption className="text-sm font-medium">
          Throughput across all sources <span className="font-normal text-slate-500">(per second: messages acked or consumed, jobs completed, tasks finished)</span>
        </figcaption>
        <TimeRangePicker value={range} onChange={setRange} />
      </div>
      <div className="h-64">
        <QueryView
          query={q}
          loading="Loading chart"
          isEmpty={(d) => d.sources.every((s) => s.points.length === 0)}
          empty={<EmptyState title="No throughput recorded in this range yet">The collector records every source&apos;s throughput each tick.</EmptyState>}
        >
          {(d) => <Lines data={d} markers={markers} />}
        </QueryView>
      </div>
      <MarkerList markers={markers} />
    </figure>
  );
}

function Lines({ data, markers }: { data: OverviewSeriesDto; markers: ReturnType<typeof useAuditMarkers> }) {
  const { rows } = mergeOnGrid(data.sources, data.from, data.to);
  const unitOf = new Map(data.sources.map((s, i) => [lineKey(i), s.unit]));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
        <XAxis dataKey="t" type="number" domain={[data.from, data.to]} scale="time" ticks={timeTicks(data.from, data.to)} tickFormatter={timeTick(data.to - data.from)} {...AXIS} />
        <YAxis tickFormatter={rateTick} width={52} {...AXIS} label={{ value: "per second", angle: -90, position: "insideLeft", fontSize: 11, fill: "currentColor" }} />
        <Tooltip
          labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
          formatter={(v, name, item) => [`${formatNumber(Number(Number(v).toFixed(2)))} ${unitOf.get(String(item.dataKey)) ?? "/s"}`, name]}
          contentStyle={{ fontSize: 12, color: "#0f172a" }}
        />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        {data.sources.map((s, i) => (
          <Line
            key={s.source}
            dataKey={lineKey(i)}
            name={s.name}
            type="monotone"
            stroke={PALETTE[i % PALETTE.length]}
            dot={false}
            connectNulls
            isAnimationActive={false}
            strokeWidth={2}
            className="source-line"
          />
        ))}
        {markerLines(markers)}
      </LineChart>
    </ResponsiveContainer>
  );
}
