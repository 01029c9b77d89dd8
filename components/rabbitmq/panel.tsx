"use client";

import Link from "next/link";
import { useMemo } from "react";
import type { SourceSummary } from "@/lib/dto";
import { vhostIdOf, type RabbitQueueDto } from "@/lib/rabbitmq";
import { seriesKey } from "@/lib/series-key";
import { formatNumber } from "@/lib/format";
import { apiPaths, pages } from "@/lib/urls";
import { Card } from "../ui/card";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { ExchangeList } from "./exchange-list";
import { useUrlState } from "../use-url-state";
import { useCanAct, useExchanges, useRabbitQueues } from "./queries";
import { QueueTable } from "./queue-table";
import { RateCharts } from "./rate-charts";

/** The RabbitMQ source page: dead letters at a glance, per-vhost history, queue table, exchanges. */
export function RabbitmqPanel({ source }: { source: SourceSummary }) {
  return (
    <QueryView query={useRabbitQueues(source.id)} loading="Loading queues">
      {(data) => <RabbitSource source={source} queues={data.items} />}
    </QueryView>
  );
}

function RabbitSource({ source, queues }: { source: SourceSummary; queues: RabbitQueueDto[] }) {
  const exchanges = useExchanges(source.id);
  const canAct = useCanAct();
  const vhosts = useMemo(() => [...new Set(queues.map((q) => q.vhost))].sort(), [queues]);
  const [vhost, setVhost] = useUrlState("chartVhost", "");
  const shownVhost = (vhosts.includes(vhost) ? vhost : vhosts[0]) ?? null;
  const dlqs = queues.filter((q) => q.deadLetter.isDeadLetterQueue);
  const deadLetters = dlqs.reduce((n, q) => n + (q.depth ?? 0), 0);
  return (
    <div className="space-y-6">
      <Card className="flex flex-wrap items-center justify-between gap-3 p-4">
        <div>
          <p className="text-sm font-semibold">Dead letters</p>
          <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="dead-letter-summary">
            {dlqs.length ? `${formatNumber(deadLetters)} messages in ${dlqs.length} dead-letter queue${dlqs.length === 1 ? "" : "s"}` : "No dead-letter queue detected"}
          </p>
        </div>
        <Link href={pages.deadLetters(source.id)} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
          Dead letters →
        </Link>
      </Card>
      {shownVhost !== null && (
        <div className="space-y-2">
          {vhosts.length > 1 && (
            <label className="flex items-center gap-2 text-sm">
              Vhost
              <select className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950" value={shownVhost} onChange={(e) => setVhost(e.target.value)}>
                {vhosts.map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
            </label>
          )}
          <RateCharts
            key={shownVhost}
            source={source.id}
            entityKey={seriesKey.vhost(vhostIdOf(shownVhost))}
            seriesUrl={(w) => apiPaths.vhostSeries(source.id, vhostIdOf(shownVhost), w)}
            title={`Vhost ${shownVhost}: all queues`}
          />
        </div>
      )}
      <section className="space-y-2">
        <h2 className="text-sm font-semibold">Queues</h2>
        {queues.length ? <QueueTable source={source.id} queues={queues} /> : <EmptyState title="No queues yet">{source.degraded ?? "Queues appear after the next collector tick."}</EmptyState>}
      </section>
      {exchanges.data && exchanges.data.items.length > 0 && (
        <section className="space-y-2">
          <h2 className="text-sm font-semibold">Exchanges and bindings</h2>
          <ExchangeList source={source.id} exchanges={exchanges.data.items} canAct={canAct} />
        </section>
      )}
    </div>
  );
}
