"use client";

import { useState } from "react";
import type { RabbitExchangeDto } from "@/lib/rabbitmq";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { PublishDialog } from "./publish-dialog";

/** Exchanges that route somewhere (user-declared or with bindings): what goes where, and which are DLXs. */
export function ExchangeList({ source, exchanges, canAct }: { source: string; exchanges: RabbitExchangeDto[]; canAct: boolean }) {
  const [publishTo, setPublishTo] = useState<RabbitExchangeDto | null>(null);
  const shown = exchanges.filter((e) => e.bindings.length > 0 || e.deadLetterFor.length > 0).slice(0, 200);
  if (!shown.length) return null;
  return (
    <Card className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Exchanges and bindings">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
          <tr>
            <th className="px-3 py-2">Exchange</th>
            <th className="px-3 py-2">Routes to</th>
            <th className="px-3 py-2">Dead-letter exchange of</th>
            <th className="px-3 py-2" />
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => (
            <tr key={e.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
              <td className="px-3 py-2">
                <span className="font-mono text-xs">{e.name || "(default exchange)"}</span> <span className="text-xs text-slate-500">{e.type} · {e.vhost}</span>
              </td>
              <td className="px-3 py-2 text-xs">
                {e.bindings.slice(0, 8).map((b, i) => (
                  <div key={i} className="font-mono">
                    {b.routingKey ? <span className="text-slate-500">{b.routingKey} → </span> : null}
                    {b.destinationType === "exchange" ? "exchange " : ""}
                    {b.destination}
                  </div>
                ))}
                {e.bindings.length > 8 && <div className="text-slate-500">and {e.bindings.length - 8} more</div>}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{e.deadLetterFor.slice(0, 8).join(", ") || <span className="text-slate-400">–</span>}</td>
              <td className="px-3 py-2 text-right">
                {canAct && !e.internal && (
                  <Button variant="ghost" onClick={() => setPublishTo(e)}>
                    Publish
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {publishTo && <PublishDialog key={publishTo.id} source={source} vhost={publishTo.vhost} exchange={publishTo.name} routingKey="" open onClose={() => setPublishTo(null)} />}
    </Card>
  );
}
