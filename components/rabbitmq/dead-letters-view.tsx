"use client";

import Link from "next/link";
import { useState } from "react";
import type { SourceSummary } from "@/lib/dto";
import type { DeadLetterQueueDto } from "@/lib/rabbitmq";
import { formatNumber, formatRelative } from "@/lib/format";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
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
  const { data: q, error, isPending } = useRabbitQueue(source, dlq.id);
  if (isPending) return <Spinner label="Loading queue" />;
  if (error && !q) return <ErrorState error={error} />;
  if (!q) return null;
  return (
    <section className="space-y-3" aria-label={`Dead letters in ${dlq.name}`}>
      <h2 className="break-all font-mono text-base font-semibold">
        {dlq.name} <span className="text-sm font-normal text-slate-500">· {formatNumber(q.ready ?? undefined)} ready</span>
      </h2>
      <QueueWorkbench source={source} q={q} />
    </section>
  );
}

/** Every dead-letter queue of a source with its origins and count; inspect and replay one. */
export function DeadLettersView({ source }: { source: SourceSummary }) {
  const { data, error, isPending } = useDeadLetters(source.id);
  const [picked, setPicked] = useState<string | null>(null);
  if (isPending) return <Spinner label="Loading dead letters" />;
  if (error && !data) return <ErrorState error={error} />;
  const items = data?.items ?? [];
  const current = items.find((d) => d.id === picked) ?? null;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Dead letters</h1>
        <p className="text-sm text-slate-500">
          Queues that another queue&apos;s dead-letter exchange or routing key (argument or policy) routes into · {source.name} · sampled {formatRelative(data?.sampledAt)}
        </p>
      </div>
      {items.length === 0 ? (
        <EmptyState title="No dead-letter queue detected">Queues with a dead-letter exchange (argument or policy) that routes into another queue appear here.</EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label="Dead-letter queues">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
              <tr>
                <th className="px-3 py-2">Dead-letter queue</th>
                <th className="hidden px-3 py-2 sm:table-cell">Vhost</th>
                <th className="hidden px-3 py-2 sm:table-cell">Origins</th>
                <th className="px-3 py-2 text-right">Messages</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid="dlq-row" aria-selected={d.id === picked} className={`border-b border-slate-100 last:border-0 dark:border-slate-800 ${d.id === picked ? "bg-indigo-50 dark:bg-indigo-950/40" : ""}`}>
                  <td className="px-3 py-2">
                    <Link href={queueHref(source.id, d.id)} className="break-all font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300">
                      {d.name}
                    </Link>
                    <span className="ml-2 text-xs text-slate-500">{d.type}</span>
                    <span className="block break-words text-xs text-slate-500 sm:hidden">
                      vhost {d.vhost} · from <Origins source={source.id} dlq={d} />
                    </span>
                  </td>
                  <td className="hidden px-3 py-2 font-mono text-xs sm:table-cell">{d.vhost}</td>
                  <td className="hidden px-3 py-2 text-xs sm:table-cell">
                    <Origins source={source.id} dlq={d} />
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums" data-testid="dlq-depth">
                    {formatNumber(d.depth ?? undefined)}
                  </td>
                  <td className="px-3 py-2 text-right">
                    <Button variant={d.id === picked ? "primary" : "secondary"} onClick={() => setPicked(d.id)}>
                      Inspect
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      {current && <Inspector key={current.id} source={source.id} dlq={current} />}
    </div>
  );
}
