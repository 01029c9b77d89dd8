"use client";

import { seriesKey } from "@/lib/series-key";
import { apiPaths } from "@/lib/urls";
import { SeriesChart } from "../charts/series-chart";
import { TimeRangePicker } from "../charts/time-range-picker";
import { rangeMs, TIME_RANGE_IDS, type TimeRangeId } from "../charts/time-range";
import { useUrlState } from "../use-url-state";
// The series hook is kind-neutral (it takes the series URL); it lives with RabbitMQ's charts for now.
import { useSeries } from "../rabbitmq/queries";

const CHARTS = [
  { metric: "lag", title: "Lag", unit: "messages", color: "#d97706", countable: true },
  { metric: "lagSeconds", title: "Lag in time", unit: "seconds", color: "#dc2626", countable: false },
  { metric: "consumeRate", title: "Consume rate", unit: "msg/s", color: "#059669", countable: false },
] as const;

function Chart({ source, groupId, range, spec }: { source: string; groupId: string; range: TimeRangeId; spec: (typeof CHARTS)[number] }) {
  const { data, isPending } = useSeries(source, seriesKey.group(groupId), (w) => apiPaths.groupSeries(source, groupId, w), spec.metric, range);
  const to = data?.to ?? 0;
  return (
    <SeriesChart source={source} title={spec.title} unit={spec.unit} color={spec.color} countable={spec.countable} points={data?.points} from={data?.from ?? to - rangeMs(range)} to={to} loading={isPending} />
  );
}

/** A group's lag (messages and seconds) and consume rate over the chosen range (kept in the URL). */
export function GroupCharts({ source, groupId }: { source: string; groupId: string }) {
  const [range, setRange] = useUrlState<TimeRangeId>("range", "1h", TIME_RANGE_IDS);
  return (
    <section className="space-y-2" aria-label="Group history">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-medium">History</h2>
        <TimeRangePicker value={range} onChange={setRange} />
      </div>
      <div className="grid gap-3 lg:grid-cols-3">
        {CHARTS.map((c) => (
          <Chart key={c.metric} source={source} groupId={groupId} range={range} spec={c} />
        ))}
      </div>
    </section>
  );
}
