"use client";

import type { ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useAuditMarkers } from "../charts/audit-markers";
import { MarkerList, markerLines } from "../charts/chart-markers";
import type { CeleryTaskStatsDto } from "@/lib/celery";
import { formatNumber, formatRuntime } from "@/lib/format";
import { timeTick, timeTicks } from "../charts/series-chart";
import { TimeRangePicker } from "../charts/time-range-picker";
import { rangeMs, TIME_RANGE_IDS, type TimeRangeId } from "../charts/time-range";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { useUrlState } from "../use-url-state";
import { bucketCounts, countUnit } from "./chart-buckets";
import { useTaskStats } from "./task-queries";

type Points = CeleryTaskStatsDto["points"];
/** The stats route serves at most a day of minutes. */
const STATS_RANGES: readonly TimeRangeId[] = TIME_RANGE_IDS.filter((id) => rangeMs(id) <= 24 * 3600_000);
const AXIS = { tick: { fontSize: 11, fill: "currentColor" }, stroke: "currentColor", strokeOpacity: 0.4 } as const;
const TOOLTIP_STYLE = { fontSize: 12, color: "#0f172a" };

function Frame({ title, unit, testId, children, footer }: { title: string; unit: string; testId: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900" data-testid={testId}>
      <figcaption className="mb-2 text-sm font-medium">
        {title} <span className="font-normal text-slate-500">({unit})</span>
      </figcaption>
      <div className="h-52">{children}</div>
      {footer}
    </figure>
  );
}

function timeAxis(from: number, to: number) {
  return <XAxis dataKey="t" type="number" domain={[from, to]} scale="time" ticks={timeTicks(from, to)} tickFormatter={timeTick(to - from)} {...AXIS} />;
}

function unitAxis(unit: string, countable: boolean, format: (v: number) => string = formatNumber) {
  return (
    <YAxis
      allowDecimals={!countable}
      tickFormatter={format}
      width={52}
      {...AXIS}
      label={{ value: unit, angle: -90, position: "insideLeft", fontSize: 11, fill: "currentColor" }}
    />
  );
}

const when = (t: unknown) => new Date(Number(t)).toLocaleString();

function Throughput({ sourceId, points, from, to }: { sourceId: string; points: Points; from: number; to: number }) {
  const { minutes, bars } = bucketCounts(points, from, to);
  const markers = useAuditMarkers(sourceId, from, to);
  const unit = countUnit(minutes);
  return (
    <Frame title="Succeeded and failed" unit={unit} testId="chart-task-throughput" footer={<MarkerList markers={markers} />}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} margin={{ top: 4, right: 8, bottom: 4, left: 0 }} barCategoryGap={1}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
          {timeAxis(from - (minutes * 60_000) / 2, to)}
          {unitAxis(unit, true)}
          <Tooltip labelFormatter={when} formatter={(v, name) => [`${formatNumber(Number(v))} ${unit}`, name]} contentStyle={TOOLTIP_STYLE} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Bar dataKey="succeeded" name="Succeeded" stackId="n" fill="#10b981" isAnimationActive={false} />
          <Bar dataKey="failed" name="Failed" stackId="n" fill="#ef4444" isAnimationActive={false} />
          {markerLines(markers)}
        </BarChart>
      </ResponsiveContainer>
    </Frame>
  );
}

/** Runtimes in ms when every one is under a second: "0.004 s" reads worse than "4 ms". */
function durationScale(values: (number | null)[]): { unit: string; k: number } {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  return max < 1 ? { unit: "ms", k: 1000 } : { unit: "s", k: 1 };
}

function Durations({
  sourceId,
  title,
  testId,
  points,
  from,
  to,
  lines,
}: {
  sourceId: string;
  title: string;
  testId: string;
  points: Points;
  from: number;
  to: number;
  lines: { key: "runtimeP50" | "runtimeP95" | "runtimeP99" | "waitP50"; name: string; color: string }[];
}) {
  const rows = points.filter((p) => lines.some((l) => p[l.key] !== null));
  const { unit, k } = durationScale(rows.flatMap((p) => lines.map((l) => p[l.key])));
  const data = rows.map((p) => ({ t: p.t, ...Object.fromEntries(lines.map((l) => [l.key, p[l.key] === null ? null : p[l.key]! * k])) }));
  const markers = useAuditMarkers(sourceId, from, to);
  return (
    <Frame title={title} unit={unit} testId={testId} footer={<MarkerList markers={markers} />}>
      {data.length ? (
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
            {timeAxis(from, to)}
            {unitAxis(unit, false, (v) => String(Number(v.toPrecision(2))))}
            <Tooltip labelFormatter={when} formatter={(v, name) => [formatRuntime(Number(v) / k), name]} contentStyle={TOOLTIP_STYLE} />
            {lines.length > 1 && <Legend wrapperStyle={{ fontSize: 11 }} />}
            {lines.map((l) => (
              <Line key={l.key} type="monotone" dataKey={l.key} name={l.name} stroke={l.color} dot={data.length < 3} connectNulls isAnimationActive={false} strokeWidth={2} />
            ))}
            {markerLines(markers)}
          </LineChart>
        </ResponsiveContainer>
      ) : (
        <EmptyState title="No finished task in this range" />
      )}
    </Frame>
  );
}

const RUNTIME_LINES = [
  { key: "runtimeP50", name: "p50", color: "#4f46e5" },
  { key: "runtimeP95", name: "p95", color: "#f59e0b" },
  { key: "runtimeP99", name: "p99", color: "#ef4444" },
] as const;
const WAIT_LINES = [{ key: "waitP50", name: "p50", color: "#0ea5e9" }] as const;

/**
 * Succeeded and failed per minute, runtime percentiles and the median wait, of the whole source
 * or of one task type (`name`), over a range kept in the URL like the other charts (at most a day).
 */
export function TaskCharts({ sourceId, name }: { sourceId: string; name: string }) {
  const [range, setRange] = useUrlState<TimeRangeId>("range", "1h", STATS_RANGES);
  const stats = useTaskStats(sourceId, name, range, rangeMs(range));
  return (
    <section className="space-y-3" aria-label="Task throughput and runtime">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">
          Throughput and runtime{" "}
          <span className="font-normal text-slate-500">
            · {name ? <span className="font-mono text-sm">{name}</span> : "all tasks"}
          </span>
        </h2>
        <TimeRangePicker value={range} onChange={setRange} ids={STATS_RANGES} />
      </div>
      <QueryView query={stats} loading="Loading charts">
        {(s) => (
          <div className="grid gap-3 lg:grid-cols-3">
            <Throughput sourceId={sourceId} points={s.points} from={s.from} to={s.to} />
            <Durations sourceId={sourceId} title="Runtime" testId="chart-task-runtime" points={s.points} from={s.from} to={s.to} lines={[...RUNTIME_LINES]} />
            <Durations sourceId={sourceId} title="Wait, received → started (median)" testId="chart-task-wait" points={s.points} from={s.from} to={s.to} lines={[...WAIT_LINES]} />
          </div>
        )}
      </QueryView>
    </section>
  );
}
