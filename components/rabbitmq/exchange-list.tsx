"use client";

import { useState } from "react";
import type { RabbitExchangeDto } from "@/lib/rabbitmq";
import { Button } from "../ui/button";
import { DataTable, type Column } from "../ui/data-table";
import { PublishDialog } from "./publish-dialog";

function Bindings({ e }: { e: RabbitExchangeDto }) {
  return (
    <>
      {e.bindings.slice(0, 8).map((b, i) => (
        <div key={i} className="font-mono">
          {b.routingKey ? <span className="text-slate-500">{b.routingKey} → </span> : null}
          {b.destinationType === "exchange" ? "exchange " : ""}
          {b.destination}
        </div>
      ))}
      {e.bindings.length > 8 && <div className="text-slate-500">and {e.bindings.length - 8} more</div>}
    </>
  );
}

/** Exchanges that route somewhere (user-declared or with bindings): what goes where, and which are DLXs. */
export function ExchangeList({ source, exchanges, canAct }: { source: string; exchanges: RabbitExchangeDto[]; canAct: boolean }) {
  const [publishTo, setPublishTo] = useState<RabbitExchangeDto | null>(null);
  const shown = exchanges.filter((e) => e.bindings.length > 0 || e.deadLetterFor.length > 0).slice(0, 200);
  if (!shown.length) return null;
  const columns: Column<RabbitExchangeDto>[] = [
    {
      header: "Exchange",
      className: "align-top",
      cell: (e) => (
        <>
          <span className="font-mono text-xs">{e.name || "(default exchange)"}</span> <span className="text-xs text-slate-500">{e.type} · {e.vhost}</span>
        </>
      ),
    },
    { header: "Routes to", className: "align-top text-xs", cell: (e) => <Bindings e={e} /> },
    {
      header: "Dead-letter exchange of",
      className: "align-top font-mono text-xs",
      cell: (e) => e.deadLetterFor.slice(0, 8).join(", ") || <span className="text-slate-400">–</span>,
    },
    {
      id: "publish",
      header: "",
      align: "right",
      className: "align-top",
      cell: (e) =>
        canAct && !e.internal ? (
          <Button variant="ghost" onClick={() => setPublishTo(e)}>
            Publish
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <DataTable rows={shown} columns={columns} rowKey={(e) => e.id} label="Exchanges and bindings" minWidth="40rem" />
      {publishTo && <PublishDialog key={publishTo.id} source={source} vhost={publishTo.vhost} exchange={publishTo.name} routingKey="" open onClose={() => setPublishTo(null)} />}
    </>
  );
}
