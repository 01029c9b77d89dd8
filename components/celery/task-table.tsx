"use client";

import Link from "next/link";
import type { CeleryTaskSummaryDto } from "@/lib/celery";
import { formatRuntime } from "@/lib/format";
import { pages } from "@/lib/urls";
import { DataTable, type Column } from "../ui/data-table";
import { RelativeTime } from "../ui/relative-time";
import { TaskStateBadge } from "./task-state-badge";

/** The args of a task, or for a failure or a retry its exception (what a person scans for). */
function Details({ t }: { t: CeleryTaskSummaryDto }) {
  return (
    <div className="min-w-0 space-y-0.5">
      {t.argsPreview && (
        <p className="truncate font-mono text-xs text-slate-600 dark:text-slate-300" title={t.argsPreview}>
          {t.argsPreview}
        </p>
      )}
      {t.exception && (
        <p className="truncate font-mono text-xs text-red-700 dark:text-red-400" title={t.exception} data-testid="task-exception">
          {t.exception}
        </p>
      )}
    </div>
  );
}

/** Task history rows, in the order the API gives them (newest first): no client-side sort across pages. */
export function TaskTable({ sourceId, tasks }: { sourceId: string; tasks: readonly CeleryTaskSummaryDto[] }) {
  const columns: Column<CeleryTaskSummaryDto>[] = [
    { header: "State", width: "7.5rem", cell: (t) => <TaskStateBadge state={t.state} /> },
    {
      header: "Task",
      width: "18rem",
      rowHeader: true,
      cell: (t) => (
        <div className="min-w-0">
          <Link href={pages.celeryTask(sourceId, t.id)} className="block truncate font-mono text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-300" title={t.name ?? t.id}>
            {t.name ?? "(unknown task)"}
          </Link>
          <span className="block truncate font-mono text-[11px] text-slate-500" title={t.id}>
            {t.id}
          </span>
        </div>
      ),
    },
    // Takes the room left and cuts its text, rather than pushing the table wider.
    { header: "Args / error", cell: (t) => <Details t={t} />, className: "w-full max-w-0" },
    { header: "Worker", width: "12rem", cell: (t) => <span className="block truncate text-xs" title={t.worker ?? undefined}>{t.worker ?? "–"}</span> },
    {
      header: "Time",
      title: "When its first event arrived (sent, or received when the sender sends no events): the list's order",
      width: "7rem",
      className: "whitespace-nowrap text-xs text-slate-500",
      cell: (t) => <RelativeTime iso={t.seenAt} />,
    },
    { header: "Runtime", align: "right", width: "6rem", className: "whitespace-nowrap", cell: (t) => formatRuntime(t.runtime) },
    { header: "Retries", align: "right", width: "5rem", cell: (t) => (t.retries ? t.retries : <span className="text-slate-400">–</span>) },
  ];
  return (
    <DataTable
      label="Tasks"
      testId="task-table"
      rows={tasks}
      columns={columns}
      rowKey={(t) => t.id}
      rowTestId={(t) => `task-row-${t.id}`}
      rowHref={(t) => pages.celeryTask(sourceId, t.id)}
      minWidth="60rem"
      maxHeight="70vh"
      rowHeight={52}
    />
  );
}
