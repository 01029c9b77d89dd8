"use client";

import Link from "next/link";
import { useState } from "react";
import type { SourceSummary } from "@/lib/dto";
import type { DeadLetterQueueDto } from "@/lib/rabbitmq";
import { formatNumber, formatRelative } from "@/lib/format";
import { Button } from "../ui/button";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { useDeadLetters, useRabbitQueue } from "./queries";
import { QueueWorkbench } from "./queue-workbench";

const queueHref = (source: string, id: string) => `/sources/${encodeURIComponent(source)}/queues/${id}`;

function Origins({ source, dlq }: { source: string; dlq: DeadLetterQueueDto }) {
  return (
    <>
      {dlq.origins.map((o, i) => (
        <span key={o.name}>
          {i > 0 && ", "}
          <Link href={queueHref(source, o.id)} className="font-mono hover:underline">
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
  const items = deadLetters.data?.items ?? [];
  const current = items.find((d) => d.id === picked) ?? null;
  const columns: Column<DeadLetterQueueDto>[] = [
    {
      id: "name",
      header: "Dead-letter queue",
      sortValue: (d) => d.name,
      cell: (d) => (
        <>
          <Link href={queueHref(source.id, d.id)} className="break-all font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300">
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
          <DataTable
            label="Dead-letter queues"
            rows={items}
            columns={columns}
            rowKey={(d) => d.id}
            rowTestId="dlq-row"
            rowSelected={(d) => d.id === picked}
          />
        )}
      </QueryView>
      {current && <Inspector key={current.id} source={source.id} dlq={current} />}
    </div>
  );
}
