"use client";

import Link from "next/link";
import { pages } from "@/lib/urls";
import { RelativeTime } from "../ui/relative-time";
import { NO_FILTER } from "./task-filter";
import { useTaskPages } from "./task-queries";

const FAILED = { ...NO_FILTER, states: ["FAILURE" as const] };

/** The newest few failures, on the source's page: one small read of the history. Says nothing while there is none (or no history). */
export function RecentFailures({ sourceId }: { sourceId: string }) {
  const failures = useTaskPages(sourceId, FAILED, 5);
  const items = failures.data?.pages[0]?.items ?? [];
  if (!items.length) return null;
  return (
    <section className="space-y-2" aria-labelledby="celery-recent-failures">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="celery-recent-failures" className="text-lg font-medium">
          Recent failures
        </h2>
        <Link href={pages.celeryTasks(sourceId, { state: "FAILURE" })} className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          All failures →
        </Link>
      </div>
      <ul className="divide-y divide-slate-100 rounded-lg border border-red-200 bg-white dark:divide-slate-800 dark:border-red-900/60 dark:bg-slate-900" data-testid="recent-failures">
        {items.map((t) => (
          <li key={t.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-3 py-2 text-sm">
            <Link href={pages.celeryTask(sourceId, t.id)} className="font-mono text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-300">
              {t.name ?? t.id}
            </Link>
            <span className="min-w-0 flex-1 truncate font-mono text-xs text-red-700 dark:text-red-400" title={t.exception ?? undefined}>
              {t.exception ?? "failed"}
            </span>
            <RelativeTime iso={t.finishedAt ?? t.startedAt ?? t.receivedAt} className="whitespace-nowrap text-xs text-slate-500" />
          </li>
        ))}
      </ul>
    </section>
  );
}
