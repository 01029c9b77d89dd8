"use client";

import { seriesKey } from "@/lib/series-key";
import { apiPaths } from "@/lib/urls";
// The series hook is kind-neutral (it takes the series URL); it lives with RabbitMQ's charts for now.
import { useSeries } from "../rabbitmq/queries";

const W = 96;
const H = 24;

/** A group's lag over the last hour as a tiny line (no axes: the group page has the chart). */
export function LagSparkline({ source, groupId }: { source: string; groupId: string }) {
  const { data } = useSeries(source, seriesKey.group(groupId), (w) => apiPaths.groupSeries(source, groupId, w), "lag", "1h");
  const points = data?.points ?? [];
  if (points.length < 2) return <span className="text-xs text-slate-400" aria-label="No lag history yet">–</span>;
  const xs = points.map((p) => p.t);
  const ys = points.map((p) => p.v);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const max = Math.max(1, ...ys);
  const d = points
    .map((p, i) => `${i ? "L" : "M"}${(((p.t - x0) / Math.max(1, x1 - x0)) * W).toFixed(1)},${(H - 1 - (p.v / max) * (H - 2)).toFixed(1)}`)
    .join(" ");
  return (
    <svg width={W} height={H} role="img" aria-label={`Lag over the last hour, up to ${max} messages`} className="text-amber-600 dark:text-amber-400">
      <path d={d} fill="none" stroke="currentColor" strokeWidth={1.5} />
    </svg>
  );
}
