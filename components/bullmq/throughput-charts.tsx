"use client";

import type { Percentiles } from "@/lib/bullmq";
import { SeriesChart } from "../charts/series-chart";
import { TimeRangePicker } from "../charts/time-range-picker";
import { rangeMs, TIME_RANGE_IDS, type TimeRangeId } from "../charts/time-range";
import { useUrlState } from "../use-url-state";
import { DataTable, type Column } from "../ui/data-table";
import { ErrorState } from "../ui/states";
import { formatDuration } from "./badges";
import { useSeries, useThroughput } from "./queries";

/** Completed and failed per minute, depth, and wait/run percentiles, for a chosen time range. */
export function ThroughputCharts({ sourceId, queueId }: { sourceId: string; queueId: string }) {
  // 15 min by default: the collector's finest samples, so even a new queue has points at once.
  const [range, setRange] = useUrlState<TimeRangeId>("range", "15m", TIME_RANGE_IDS);
  const t = useThroughput(sourceId, queueId, range, rangeMs(range));
  const depth = useSeries(sourceId, queueId, "depth", range, rangeMs(range));
  // The x axis follows the newest answer; before the first, the chosen range ending now.
  const to = t.data?.to ?? depth.data?.to ?? 0;
  const from = t.data?.from ?? depth.data?.from ?? to - rangeMs(range);
  const basis =
    t.data?.basis === "bullmq-metrics"
      ? "from BullMQ's own metrics (workers record them)"
      : "from the collector's samples of the completed/failed sets (start workers with the metrics option for exact numbers)";
  return (
    <section className="space-y-3" aria-label="Throughput and latency">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">Throughput and latency</h2>
        <TimeRangePicker value={range} onChange={setRange} />
      </div>
      {t.error && !t.data && <ErrorState error={t.error} />}
      {t.data && (
        <p className="text-xs text-slate-500" data-testid="throughput-basis" data-basis={t.data.basis}>
          Per-minute counts {basis}.
        </p>
      )}
      <div className="grid gap-3 lg:grid-cols-3">
        <SeriesChart source={sourceId} title="Completed" unit="jobs/min" points={t.data?.completed} from={from} to={to} loading={t.isPending} color="#059669" />
        <SeriesChart source={sourceId} title="Failed" unit="jobs/min" points={t.data?.failed} from={from} to={to} loading={t.isPending} color="#dc2626" />
        <SeriesChart source={sourceId} title="Depth" unit="jobs" points={depth.data?.points} from={from} to={to} loading={depth.isPending} countable />
      </div>
      {t.data && (
        <div className="max-w-xl">
          <DataTable
            label="Latency"
            testId="latency"
            caption={`Over the newest ${t.data.latency.sample} completed jobs`}
            rows={[
              { label: "Wait (added → started)", p: t.data.latency.waitMs },
              { label: "Run (started → finished)", p: t.data.latency.runMs },
            ]}
            columns={LATENCY_COLUMNS}
            rowKey={(r) => r.label}
          />
        </div>
      )}
    </section>
  );
}

type LatencyRow = { label: string; p: Percentiles | null };
const ms = (v: number | undefined) => (v === undefined ? "–" : formatDuration(v));
const LATENCY_COLUMNS: Column<LatencyRow>[] = [
  { id: "what", header: "", rowHeader: true, className: "whitespace-nowrap text-slate-600 dark:text-slate-300", cell: (r) => r.label },
  { header: "p50", align: "right", className: "whitespace-nowrap", cell: (r) => ms(r.p?.p50) },
  { header: "p95", align: "right", className: "whitespace-nowrap", cell: (r) => ms(r.p?.p95) },
  { header: "p99", align: "right", className: "whitespace-nowrap", cell: (r) => ms(r.p?.p99) },
];
