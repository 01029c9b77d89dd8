"use client";

import Link from "next/link";
import type { JobSummaryDto } from "@/lib/bullmq";
import { formatRelative } from "@/lib/format";
import { formatDuration } from "./badges";
import { jobPageHref } from "./queries";
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

/** Jobs as a table: used by the state browser and by search results. */
export function JobRows({ sourceId, queueId, jobs, showState }: { sourceId: string; queueId: string; jobs: JobSummaryDto[]; showState?: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm" data-testid="job-table">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
          <tr>
            <th className="px-3 py-2">Id</th>
            <th className="px-3 py-2">Name</th>
            {showState && <th className="px-3 py-2">State</th>}
            <th className="px-3 py-2 text-right">Attempts</th>
            <th className="px-3 py-2">Added</th>
            <th className="px-3 py-2">Details</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800" data-testid={`job-row-${j.id}`}>
              <td className="max-w-[10rem] truncate px-3 py-2 font-mono text-xs">
                <Link href={jobPageHref(sourceId, queueId, j.id)} className="text-indigo-700 hover:underline dark:text-indigo-300" title={j.id}>
                  {j.id}
                </Link>
              </td>
              <td className="max-w-[12rem] truncate px-3 py-2" title={j.name}>
                {j.name}
              </td>
              {showState && <td className="px-3 py-2 text-xs">{stateLabel(j.state)}</td>}
              <td className="px-3 py-2 text-right tabular-nums">
                {j.attemptsMade}/{j.attempts}
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-500" title={new Date(j.timestamp).toLocaleString()}>
                {when(j.timestamp)}
              </td>
              <td className="max-w-[24rem] px-3 py-2 text-xs">
                {j.failedReason ? (
                  <span className="line-clamp-2 break-words text-red-700 dark:text-red-400">{j.failedReason}</span>
                ) : j.progress !== undefined ? (
                  <span className="text-slate-600 dark:text-slate-300">progress {progressText(j.progress)}</span>
                ) : j.delayMs ? (
                  <span className="text-slate-500">runs {when(j.timestamp + j.delayMs)}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
