"use client";

import Link from "next/link";
import type { BullQueueDto } from "@/lib/bullmq";
import type { SourceSummary } from "@/lib/dto";
import { formatNumber } from "@/lib/format";
import { pages } from "@/lib/urls";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { LimitBadges, PausedBadge } from "./badges";
import { useBullQueues } from "./queries";
import { STATE_COLUMNS } from "./states";

function columns(sourceId: string): Column<BullQueueDto>[] {
  return [
    {
      id: "name",
      header: "Queue",
      sortValue: (q) => q.name,
      cell: (q) => (
        <>
          <Link href={pages.bullQueue(sourceId, q.name)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
            {q.name}
          </Link>{" "}
          {q.paused && <PausedBadge />}
        </>
      ),
    },
    ...STATE_COLUMNS.map(
      (s): Column<BullQueueDto> => ({
        id: s.state,
        header: s.short,
        title: s.hint,
        align: "right",
        descFirst: true,
        sortValue: (q) => q.counts[s.state],
        cell: (q) => (
          <span className={q.counts[s.state] ? s.tone : "text-slate-400"} data-testid={`count-${s.state}`}>
            {formatNumber(q.counts[s.state])}
          </span>
        ),
      }),
    ),
    { id: "limits", header: "Limits", cell: (q) => <LimitBadges rateLimit={q.rateLimit} concurrency={q.concurrency} /> },
    { id: "workers", header: "Workers", align: "right", descFirst: true, sortValue: (q) => q.workers ?? -1, cell: (q) => (q.workers === null ? "?" : formatNumber(q.workers)) },
  ];
}

/** The BullMQ source page: every queue with its counts by state, paused, limits and workers. */
export function BullmqPanel({ source }: { source: SourceSummary }) {
  return (
    <QueryView
      query={useBullQueues(source.id)}
      loading="Loading queues"
      isEmpty={(d) => !d.items.length}
      empty={<EmptyState title="No BullMQ queues under this prefix yet">Queues appear here once a producer or worker has created them.</EmptyState>}
    >
      {(data) => (
        <DataTable
          label="Queues"
          testId="bull-queues"
          rows={data.items}
          columns={columns(source.id)}
          rowKey={(q) => q.id}
          rowTestId={(q) => `bull-queue-${q.name}`}
          minWidth="52rem"
        />
      )}
    </QueryView>
  );
}
