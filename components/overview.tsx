"use client";

import { ALL_SOURCES, useAuditMarkers } from "./charts/audit-markers";
import { AttentionList } from "./attention/attention-list";
import { BehindTable } from "./attention/behind-table";
import { useAttention } from "./attention/queries";
import { useSources } from "./queries";
import { SourceCard } from "./source-card";
import { QueryView } from "./ui/query-view";
import { EmptyState, SkeletonCards } from "./ui/states";
import { SPARKLINE_POINTS, useOverviewSeries } from "./overview-charts/queries";
import { SourceTrends, type OverviewSeriesQueries } from "./overview-charts/source-trends";
import { ThroughputAcrossSources } from "./overview-charts/throughput-chart";

/** Every card's sparklines: one request per metric for all the cards. */
function useSparklineSeries(): OverviewSeriesQueries {
  return {
    depth: useOverviewSeries("depth", "1h", SPARKLINE_POINTS),
    throughput: useOverviewSeries("throughput", "1h", SPARKLINE_POINTS),
    deadLetters: useOverviewSeries("deadLetters", "1h", SPARKLINE_POINTS),
  };
}

export function Overview() {
  const attention = useAttention();
  const series = useSparklineSeries();
  const hour = series.depth.data;
  const markers = useAuditMarkers(ALL_SOURCES, hour?.from ?? 0, hour?.to ?? 0);
  return (
    <div className="space-y-6">
      <QueryView
        query={useSources()}
        loading={<SkeletonCards />}
        isEmpty={(d) => !d.length}
        empty={
          <EmptyState title="No sources configured">
            Add brokers to <code>queuedeck.config.json</code> (or set <code>QUEUEDECK_CONFIG</code>) and restart.
          </EmptyState>
        }
      >
        {(data) => (
          <div className="space-y-6">
            <section aria-label="What needs attention" className="space-y-2">
              <QueryView query={attention} loading="Ranking what needs attention">
                {(a) => <AttentionList items={a.items} />}
              </QueryView>
            </section>
            <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
              {data.map((s) => (
                <SourceCard key={s.id} source={s} trends={<SourceTrends source={s.id} kind={s.kind} series={series} markers={markers} />} />
              ))}
            </div>
            <ThroughputAcrossSources />
            <section aria-label="Time behind" className="space-y-2">
              <h2 className="text-lg font-medium">Time behind</h2>
              <p className="text-xs text-slate-500 dark:text-slate-400">
                Every consumer with a backlog, of every kind: Kafka&apos;s lag in time; elsewhere the backlog divided by the rate it is consumed at (acks, completed jobs,
                succeeded tasks).
              </p>
              <QueryView query={attention} loading="Reading consumers">
                {(a) => <BehindTable rows={a.behind} />}
              </QueryView>
            </section>
          </div>
        )}
      </QueryView>
    </div>
  );
}
