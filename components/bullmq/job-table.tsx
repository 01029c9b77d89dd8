"use client";

import { useState } from "react";
import type { JobStateName } from "@/lib/bullmq";
import { formatNumber } from "@/lib/format";
import { Button } from "../ui/button";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { JobRows } from "./job-rows";
import { useJobs } from "./queries";
import { stateLabel } from "./states";

const PAGE = 25;

/**
 * One state's jobs, newest first, a page at a time. The server pages by cursor; going back
 * re-reads the cursors already seen (kept in a stack), so no page is skipped or repeated.
 * Render it with key={state}: a new tab starts at its first page.
 */
export function JobTable({ sourceId, queueId, queueName, state }: { sourceId: string; queueId: string; queueName: string; state: JobStateName }) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const jobs = useJobs(sourceId, queueId, state, cursor, PAGE);
  const page = cursors.length;
  return (
    <QueryView query={jobs} loading="Loading jobs">
      {(data) => (
        <div className="space-y-2" aria-busy={jobs.isFetching}>
          {!data.items.length ? (
            <EmptyState title={`No ${stateLabel(state).toLowerCase()} jobs`} />
          ) : (
            <JobRows sourceId={sourceId} queueName={queueName} jobs={data.items} />
          )}
          <div className="flex items-center justify-between gap-2 px-1 text-xs text-slate-500">
            <span data-testid="job-page-info">
              {data.total > 0 ? `${formatNumber((page - 1) * PAGE + 1)}–${formatNumber((page - 1) * PAGE + data.items.length)} of ${formatNumber(data.total)}` : ""}
            </span>
            <span className="flex gap-2">
              <Button variant="ghost" disabled={page === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
                ← Newer
              </Button>
              <Button variant="ghost" disabled={!data.nextCursor} onClick={() => setCursors((c) => [...c, data.nextCursor])}>
                Older →
              </Button>
            </span>
          </div>
        </div>
      )}
    </QueryView>
  );
}
