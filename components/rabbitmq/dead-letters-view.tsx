"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import type { SourceSummary } from "@/lib/dto";
import type { DeadLetterQueueDto } from "@/lib/rabbitmq";
import { formatNumber, formatRelative } from "@/lib/format";
import { pages } from "@/lib/urls";
import { Button } from "../ui/button";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { useUrlState } from "../use-url-state";
import { useDeadLetters, useRabbitQueue } from "./queries";
import { QueueWorkbench } from "./queue-workbench";


function Origins({ source, dlq }: { source: string; dlq: DeadLetterQueueDto }) {
  return (
    <>
      {dlq.origins.map((o, i) => (
        <span key={o.name}>
          {i > 0 && ", "}
          <Link href={pages.rabbitQueue(source, dlq.vhost, o.name)} className="font-mono hover:underline">
            {o.name}
          </Link>
        </span>
      ))}
    </>
  );
}

function Inspector({ source, dlq }: { source: string; dlq: DeadLetterQueueDto }) {
  return (
    <QueryView query={useRabbitQueue(source, dlq.id)} loading="Loading queue">
      {(q) => (
        <section className="space-y-3" aria-label={`Dead letters in ${dlq.name}`}>
          <h2 className="break-all font-mono text-base font-semibold">
            {dlq.name} <span className="text-sm font-normal text-slate-500">· {formatNumber(q.ready ?? undefined)} ready</span>
          </h2>
          <QueueWorkbench source={source} q={q} />
        </section>
      )}
    </QueryView>
  );
}

/** Every dead-letter queue of a source with its origins and count; inspect and replay one. */
export function DeadLettersView({ source }: { source: SourceSummary }) {
  const deadLetters = useDeadLetters(source.id);
  const [picked, setPicked] = useState<string | null>(null);
  const [filter, setFilter] = useUrlState("filter", "");
  const all = deadLetters.data?.items;
  const items = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (all ?? []).filter((d) => !needle || [d.name, d.vhost, ...d.origins.map((o) => o.name)].some((s) => s.toLowerCase().includes(needle)));
  }, [all, filter]);
  const current = all?.find((d) => d.id === picked) ?? null;
  const columns: Column<DeadLetterQueueDto>[] = [
    {
      id: "name",
      header: "Dead-letter queue",
      sortValue: (d) => d.name,
      cell: (d) => (
        <>
          <Link href={pages.rabbitQueue(source.id, d.vhost, d.name)} className="break-all font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300">
            {d.name}
          </Link>
          <span className="ml-2 text-xs text-slate-500">{d.type}</span>
          <span className="block break-words text-xs text-slate-500 sm:hidden">
            vhost {d.vhost} · from <Origins source={source.id} dlq={d} />
          </span>
        </>
      ),
    },
    { id: "vhost", header: "Vhost", className: "hidden font-mono text-xs sm:table-cell", sortValue: (d) => d.vhost, cell: (d) => d.vhost },
    { id: "origins", header: "Origins", className: "hidden text-xs sm:table-cell", cell: (d) => <Origins source={source.id} dlq={d} /> },
    {
      id: "depth",
      header: "Messages",
      align: "right",
      descFirst: true,
      sortValue: (d) => d.depth ?? -1,
      cell: (d) => <span data-testid="dlq-depth">{formatNumber(d.depth ?? undefined)}</span>,
    },
    {
      id: "inspect",
      header: "",
      align: "right",
      cell: (d) => (
        <Button variant={d.id === picked ? "primary" : "secondary"} onClick={() => setPicked(d.id)}>
          Inspect
        </Button>
      ),
    },
  ];
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Dead letters</h1>
        <p className="text-sm text-slate-500">
          Queues that another queue&apos;s dead-letter exchange or routing key (argument or policy) routes into · {source.name} · sampled {formatRelative(deadLetters.data?.sampledAt)}
        </p>
      </div>
      <QueryView
        query={deadLetters}
        loading="Loading dead letters"
        isEmpty={(d) => !d.items.length}
        empty={<EmptyState title="No dead-letter queue detected">Queues with a dead-letter exchange (argument or policy) that routes into another queue appear here.</EmptyState>}
      >
        {() => (
          <div className="space-y-2">
            <input
              className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950 sm:max-w-xs"
              placeholder="Filter by queue, vhost or origin"
              aria-label="Filter dead-letter queues"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
            <DataTable
              label="Dead-letter queues"
              rows={items}
              columns={columns}
              rowKey={(d) => d.id}
              rowTestId="dlq-row"
              rowSelected={(d) => d.id === picked}
              empty={<EmptyState title="No dead-letter queue matches this filter" />}
            />
          </div>
        )}
      </QueryView>
      {current && <Inspector key={current.id} source={source.id} dlq={current} />}
    </div>
  );
}
