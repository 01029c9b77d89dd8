"use client";

import { SeriesChart } from "../charts/series-chart";
import { TimeRangePicker } from "../charts/time-range-picker";
import { rangeMs, TIME_RANGE_IDS, type TimeRangeId } from "../charts/time-range";
import { useUrlState } from "../use-url-state";
import type { SeriesWindow } from "@/lib/urls";
import { useSeries } from "./queries";

const METRICS = [
  { metric: "depth", title: "Messages", unit: "messages", color: "#4f46e5", countable: true },
  { metric: "in", title: "Published", unit: "msg/s", color: "#059669", countable: false },
  { metric: "out", title: "Delivered", unit: "msg/s", color: "#d97706", countable: false },
] as const;

function MetricChart({ source, entityKey, seriesUrl, metric, range, ...look }: { source: string; entityKey: string; seriesUrl: (w: SeriesWindow) => string; metric: string; range: TimeRangeId; title: string; unit: string; color: string; countable: boolean }) {
  const { data, isPending } = useSeries(source, entityKey, seriesUrl, metric, range);
  // Without data the chart shows its loading or empty state: the axis bounds do not matter then.
  const to = data?.to ?? 0;
  return <SeriesChart source={source} {...look} points={data?.points} from={data?.from ?? to - rangeMs(range)} to={to} loading={isPending} />;
}

/** Depth and rate history of one queue or one vhost, from the collector's store. */
export function RateCharts({ source, entityKey, seriesUrl, title }: { source: string; entityKey: string; seriesUrl: (w: SeriesWindow) => string; title: string }) {
  const [range, setRange] = useUrlState<TimeRangeId>("range", "1h", TIME_RANGE_IDS);
  return (
    <section className="space-y-2" aria-label={title}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        <TimeRangePicker value={range} onChange={setRange} />
      </div>
      <div className="grid gap-3 lg:grid-cols-3">
        {METRICS.map((m) => (
          <MetricChart key={m.metric} source={source} entityKey={entityKey} seriesUrl={seriesUrl} range={range} {...m} />
        ))}
      </div>
    </section>
  );
}
