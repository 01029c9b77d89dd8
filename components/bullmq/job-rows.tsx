"use client";

import Link from "next/link";
import type { JobSummaryDto } from "@/lib/bullmq";
import { formatRelative } from "@/lib/format";
import { pages } from "@/lib/urls";
import { DataTable, type Column } from "../ui/data-table";
import { formatDuration } from "./badges";
import { stateLabel } from "./states";

function progressText(p: unknown): string {
  if (p === undefined) return "";
  if (typeof p === "number") return `${p}%`;
  const s = JSON.stringify(p);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** "in 5 min" for the future, "3 min ago" for the past. */
export function when(t: number): string {
  const now = Date.now();
  return t > now ? `in ${formatDuration(t - now)}` : formatRelative(new Date(t).toISOString(), now);
}

function Details({ j }: { j: JobSummaryDto }) {
  if (j.failedReason) return <span className="line-clamp-2 break-words text-red-700 dark:text-red-400">{j.failedReason}</span>;
  if (j.progress !== undefined) return <span className="text-slate-600 dark:text-slate-300">progress {progressText(j.progress)}</span>;
  if (j.delayMs) return <span className="text-slate-500">runs {when(j.timestamp + j.delayMs)}</span>;
  return null;
}

/** Jobs as a table: used by the state browser and by search results. */
export function JobRows({ sourceId, queueName, jobs, showState }: { sourceId: string; queueName: string; jobs: JobSummaryDto[]; showState?: boolean }) {
  const columns: Column<JobSummaryDto>[] = [
    {
      header: "Id",
      className: "max-w-[10rem] truncate font-mono text-xs",
      cell: (j) => (
        <Link href={pages.bullJob(sourceId, queueName, j.id)} className="text-indigo-700 hover:underline dark:text-indigo-300" title={j.id}>
          {j.id}
        </Link>
      ),
    },
    { header: "Name", className: "max-w-[12rem] truncate", cell: (j) => <span title={j.name}>{j.name}</span> },
    ...(showState ? [{ header: "State", className: "text-xs", cell: (j: JobSummaryDto) => stateLabel(j.state) }] : []),
    { header: "Attempts", align: "right", cell: (j) => `${j.attemptsMade}/${j.attempts}` },
    {
      header: "Added",
      className: "whitespace-nowrap text-xs text-slate-500",
      cell: (j) => <span title={new Date(j.timestamp).toLocaleString()}>{when(j.timestamp)}</span>,
    },
    { header: "Details", className: "max-w-[24rem] text-xs", cell: (j) => <Details j={j} /> },
  ];
  return (
    <DataTable
      label={showState ? "Jobs found" : "Jobs"}
      testId="job-table"
      rows={jobs}
      columns={columns}
      rowKey={(j) => j.id}
      rowTestId={(j) => `job-row-${j.id}`}
      minWidth="40rem"
      framed={false}
    />
  );
}
