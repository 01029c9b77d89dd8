"use client";

import Link from "next/link";
import type { SourceSummary } from "@/lib/dto";
import { ApiError } from "@/lib/api-client";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
import { DeadLetterBadge } from "./badges";
import { apiPaths } from "@/lib/urls";
import { useRabbitQueue } from "./queries";
import { QueueFacts } from "./queue-facts";
import { QueueWorkbench } from "./queue-workbench";
import { RateCharts } from "./rate-charts";

/** One RabbitMQ queue: facts, charts, messages and actions. */
export function RabbitmqQueueView({ source, queueId }: { source: SourceSummary; queueId: string }) {
  const { data: q, error, isPending } = useRabbitQueue(source.id, queueId);
  if (isPending) return <Spinner label="Loading queue" />;
  if (error && !q) {
    if (error instanceof ApiError && error.status === 404) return <EmptyState title="This queue does not exist (any more)">It may have been deleted.</EmptyState>;
    return <ErrorState error={error} />;
  }
  if (!q) return null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="flex items-center gap-2 break-all font-mono text-lg font-semibold">
            {q.name} <DeadLetterBadge q={q} />
          </h1>
          <p className="text-sm text-slate-500">
            vhost <code>{q.vhost}</code> · {q.type} · {q.state ?? "state unknown"}
          </p>
        </div>
        {q.deadLetter.isDeadLetterQueue && (
          <Link href={`/sources/${encodeURIComponent(source.id)}/dead-letters`} className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
            All dead letters of {source.name} →
          </Link>
        )}
      </div>
      <QueueFacts source={source.id} q={q} />
      <RateCharts source={source.id} entityKey={q.id} seriesUrl={(w) => apiPaths.queueSeries(source.id, q.id, w)} title="History" />
      <QueueWorkbench source={source.id} q={q} />
    </div>
  );
}
