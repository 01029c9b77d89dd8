"use client";

import Link from "next/link";
import type { SourceSummary } from "@/lib/dto";
import type { RabbitQueueDto } from "@/lib/rabbitmq";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { DeadLetterBadge } from "./badges";
import { apiPaths, pages } from "@/lib/urls";
import { useRabbitQueue } from "./queries";
import { QueueFacts } from "./queue-facts";
import { QueueWorkbench } from "./queue-workbench";
import { RateCharts } from "./rate-charts";

/** One RabbitMQ queue: facts, charts, messages and actions. */
export function RabbitmqQueueView({ source, queueId }: { source: SourceSummary; queueId: string }) {
  return (
    <QueryView query={useRabbitQueue(source.id, queueId)} loading="Loading queue" notFound={<EmptyState title="This queue does not exist (any more)">It may have been deleted.</EmptyState>}>
      {(q) => <QueueDetail source={source} q={q} />}
    </QueryView>
  );
}

function QueueDetail({ source, q }: { source: SourceSummary; q: RabbitQueueDto }) {
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
          <Link href={pages.deadLetters(source.id)} className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
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
