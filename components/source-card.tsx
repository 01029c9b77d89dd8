"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { SourceSummary } from "@/lib/dto";
import { pages } from "@/lib/urls";
import { formatNumber, formatRelative, KIND_LABEL } from "@/lib/format";
import { Card } from "./ui/card";
import { StatusBadge } from "./ui/status-badge";

/** `trends`: the card's sparklines (the overview fetches them for every card at once). */
export function SourceCard({ source, trends }: { source: SourceSummary; trends?: ReactNode }) {
  return (
    <Link href={pages.source(source.id)} className="block focus-visible:outline-2 focus-visible:outline-indigo-500">
      <Card className="@container h-full p-4 transition-shadow hover:shadow-md" data-testid={`source-card-${source.id}`}>
        <div className="flex items-start justify-between gap-2">
          <div className="min-w-0">
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{KIND_LABEL[source.kind]}</p>
            <h2 className="truncate font-semibold">{source.name}</h2>
          </div>
          <StatusBadge status={source.status} degraded={Boolean(source.degraded)} />
        </div>
        <p className="mt-1 truncate text-xs text-slate-500 dark:text-slate-400" title={source.version}>
          {source.version ?? "version unknown"}
        </p>
        {source.error && (
          <p className="mt-2 line-clamp-3 break-words text-xs text-red-700 dark:text-red-400" data-testid="source-error">
            {source.error}
          </p>
        )}
        {source.degraded && <p className="mt-2 line-clamp-2 text-xs text-amber-700 dark:text-amber-400">{source.degraded}</p>}
        {source.stats && Object.keys(source.stats).length > 0 && (
          <dl className="mt-3 grid grid-cols-2 gap-x-3 gap-y-2 @sm:grid-cols-3">
            {Object.entries(source.stats)
              .slice(0, 6)
              .map(([k, v]) => {
                const label = k.replace(/([a-z])([A-Z])/g, "$1 $2");
                return (
                  <div key={k}>
                    <dt className="truncate text-[11px] uppercase tracking-wide text-slate-500" title={label}>
                      {label}
                    </dt>
                    <dd className="font-mono text-sm tabular-nums">{formatNumber(v)}</dd>
                  </div>
                );
              })}
          </dl>
        )}
        {trends}
        <p className="mt-3 text-[11px] text-slate-400" title={source.sampledBy ? `sampled by QueueDeck replica ${source.sampledBy}` : undefined}>
          sampled {formatRelative(source.sampledAt)}
        </p>
      </Card>
    </Link>
  );
}
