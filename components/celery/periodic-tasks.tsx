"use client";

import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { CeleryPeriodicTaskDto, CeleryPeriodicTaskListDto, PeriodicStatus } from "@/lib/celery-periodic";
import { formatAgoOrIn, formatNumber, formatRuntime } from "@/lib/format";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths, pages } from "@/lib/urls";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState } from "../ui/states";
import { TaskStateBadge } from "./task-state-badge";

const LOOK: Record<PeriodicStatus, { label: string; className: string; hint: string }> = {
  "on-time": { label: "on time", className: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300", hint: "The next run is not due yet" },
  late: { label: "late", className: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300", hint: "Due for longer than the slack: beat may be slow or stuck" },
  missed: { label: "missed", className: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300", hint: "A whole interval more has gone by with no run: is celery beat running?" },
};

function PeriodicStatusBadge({ p }: { p: CeleryPeriodicTaskDto }) {
  const look = LOOK[p.status];
  return (
    <span data-testid="periodic-status" data-status={p.status} title={look.hint} className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${look.className}`}>
      {look.label}
      {p.status !== "on-time" && ` · ${formatRuntime(p.overdueSeconds)}`}
    </span>
  );
}

function usePeriodicTasks(sourceId: string) {
  return useQuery({
    queryKey: queryKeys.celeryPeriodicTasks(sourceId),
    // The default window (the last 24 h, judged now) moves with each read.
    queryFn: ({ signal }) => api<CeleryPeriodicTaskListDto>(apiPaths.periodicTasks(sourceId), { signal }),
    // As often as lists: on time / late / missed is judged at each read, and a stale "on time" misleads.
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}

/** Periodic tasks (celery beat's), inferred from the task history: late and missed ones first. */
export function PeriodicTasks({ sourceId }: { sourceId: string }) {
  const query = usePeriodicTasks(sourceId);
  const columns: Column<CeleryPeriodicTaskDto>[] = [
    { header: "Status", width: "8rem", cell: (p) => <PeriodicStatusBadge p={p} />, sortValue: (p) => p.overdueSeconds },
    {
      header: "Task",
      rowHeader: true,
      width: "16rem",
      cell: (p) => (
        <Link href={pages.celeryTasks(sourceId, { name: p.name })} className="block truncate font-mono text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-300" title={`Every ${p.name} in the task history`}>
          {p.name}
        </Link>
      ),
      sortValue: (p) => p.name,
    },
    {
      header: "Args",
      className: "w-full max-w-0",
      cell: (p) => {
        const text = [p.args ?? "", p.kwargs && p.kwargs !== "{}" ? p.kwargs : ""].filter(Boolean).join(" ");
        return (
          <span className="block truncate font-mono text-xs text-slate-600 dark:text-slate-300" title={text}>
            {text || "–"}
          </span>
        );
      },
    },
    { header: "Every", align: "right", className: "whitespace-nowrap", cell: (p) => formatRuntime(p.intervalSeconds), sortValue: (p) => p.intervalSeconds },
    {
      header: "Last run",
      className: "whitespace-nowrap text-xs",
      cell: (p) => (
        <span className="flex items-center gap-2">
          <Link href={pages.celeryTask(sourceId, p.lastTaskId)} className="text-indigo-700 hover:underline dark:text-indigo-300" title={p.lastTaskId}>
            <RelativeTime iso={p.lastRunAt} />
          </Link>
          <TaskStateBadge state={p.lastState} />
        </span>
      ),
      sortValue: (p) => Date.parse(p.lastRunAt),
    },
    {
      header: "Next expected",
      className: "whitespace-nowrap text-xs",
      cell: (p) => <span title={new Date(p.nextExpectedAt).toLocaleString()}>{formatAgoOrIn(p.nextExpectedAt)}</span>,
      sortValue: (p) => Date.parse(p.nextExpectedAt),
    },
    { header: "Runs", align: "right", title: "Sends read in the window", cell: (p) => formatNumber(p.runs), sortValue: (p) => p.runs },
    {
      header: "Failed",
      align: "right",
      cell: (p) => (p.failures ? <span className="text-red-700 dark:text-red-400">{formatNumber(p.failures)}</span> : <span className="text-slate-400">0</span>),
      sortValue: (p) => p.failures,
    },
    {
      header: "Missed",
      align: "right",
      title: "Runs that should have come and did not: gaps in the window, and since the last run",
      cell: (p) => (p.missedRuns ? <span className="text-amber-700 dark:text-amber-400">{formatNumber(p.missedRuns)}</span> : <span className="text-slate-400">0</span>),
      sortValue: (p) => p.missedRuns,
    },
  ];
  return (
    <section id="periodic" className="space-y-2" aria-labelledby="celery-periodic-tasks">
      <h2 id="celery-periodic-tasks" className="text-lg font-medium">
        Periodic tasks
      </h2>
      <p className="text-sm text-slate-500 dark:text-slate-400">
        Inferred from the task history of the last 24 hours: the same task with the same arguments sent at least 3 times at a regular interval (within 10% of
        the median). QueueDeck cannot read celery beat&apos;s schedule itself.
      </p>
      <QueryView
        query={query}
        isEmpty={(d) => !d.items.length}
        empty={
          <EmptyState title="No periodic task seen">
            None of the tasks in the history was sent at a regular interval. Tasks from celery beat show here once a worker with events on (-E) has run a few
            of them.
          </EmptyState>
        }
      >
        {(d) => (
          <>
            <DataTable label="Periodic tasks" testId="periodic-tasks" rows={d.items} rowKey={(p) => p.id} columns={columns} />
            {d.truncated && (
              <p className="text-xs text-slate-500">
                Read the newest {formatNumber(d.scanned)} sends only (per task name and in all): counts cover less than the whole window.
              </p>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
