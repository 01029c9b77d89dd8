"use client";

import Link from "next/link";
import type { BullQueueDto } from "@/lib/bullmq";
import type { SourceSummary } from "@/lib/dto";
import { formatNumber } from "@/lib/format";
import { Card } from "../ui/card";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
import { LimitBadges, PausedBadge } from "./badges";
import { queuePageHref, useBullQueues } from "./queries";
import { STATE_COLUMNS } from "./states";

/** The BullMQ source page: every queue with its counts by state, paused, limits and workers. */
export function BullmqPanel({ source }: { source: SourceSummary }) {
  const { data, error, isPending } = useBullQueues(source.id);
  if (isPending) return <Spinner label="Loading queues" />;
  if (error && !data) return <ErrorState error={error} />;
  if (!data?.items.length) {
    return (
      <EmptyState title="No BullMQ queues under this prefix yet">
        Queues appear here once a producer or worker has created them.
      </EmptyState>
    );
  }
  return (
    <Card className="overflow-x-auto">
      <table className="w-full min-w-[52rem] text-left text-sm" data-testid="bull-queues">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
          <tr>
            <th className="px-3 py-2">Queue</th>
            {STATE_COLUMNS.map((s) => (
              <th key={s.state} className="px-2 py-2 text-right" title={s.hint}>
                {s.short}
              </th>
            ))}
            <th className="px-3 py-2">Limits</th>
            <th className="px-3 py-2 text-right">Workers</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((q) => (
            <QueueRow key={q.id} sourceId={source.id} q={q} />
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function QueueRow({ sourceId, q }: { sourceId: string; q: BullQueueDto }) {
  return (
    <tr className="border-b border-slate-100 last:border-0 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50" data-testid={`bull-queue-${q.name}`}>
      <td className="px-3 py-2">
        <Link href={queuePageHref(sourceId, q.id)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          {q.name}
        </Link>{" "}
        {q.paused && <PausedBadge />}
      </td>
      {STATE_COLUMNS.map((s) => (
        <td key={s.state} className={`px-2 py-2 text-right tabular-nums ${q.counts[s.state] ? s.tone : "text-slate-400"}`} data-testid={`count-${s.state}`}>
          {formatNumber(q.counts[s.state])}
        </td>
      ))}
      <td className="px-3 py-2">
        <LimitBadges rateLimit={q.rateLimit} concurrency={q.concurrency} />
      </td>
      <td className="px-3 py-2 text-right tabular-nums">{q.workers === null ? "?" : formatNumber(q.workers)}</td>
    </tr>
  );
}
