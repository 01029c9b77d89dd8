"use client";

import type { SourceSummary } from "@/lib/dto";
import { formatNumber } from "@/lib/format";
import { SourceBreadcrumb, SourceGate } from "../source-gate";
import { Button } from "../ui/button";
import { QueryView } from "../ui/query-view";
import { EmptyState, ErrorState } from "../ui/states";
import { useCeleryWorkers } from "./queries";
import { TaskCharts } from "./task-charts";
import { hasFilter } from "./task-filter";
import { OpenTaskById, TaskFilters } from "./task-filters";
import { useTaskPages } from "./task-queries";
import { TaskTable } from "./task-table";
import { useTaskFilter } from "./use-task-filter";

/** /sources/{source}/tasks: the Celery task history, searchable, newest first. */
export function CeleryTasksPage({ sourceId }: { sourceId: string }) {
  return (
    <SourceGate sourceId={sourceId}>
      {(source) => (source.capabilities.tasks ? <TaskHistory source={source} /> : <EmptyState title={`${source.name} has no Celery tasks`} />)}
    </SourceGate>
  );
}

/** What an empty history means: no event reached QueueDeck, and what makes workers send them. */
function NoEvents() {
  return (
    <EmptyState title="No task events received yet">
      QueueDeck builds this history from the events Celery workers send (task-sent, -received, -started, -succeeded, -failed…). Workers must send events:
      QueueDeck asks the workers it reaches to enable them; workers started with <code>-E</code> (or <code>worker_send_task_events=True</code>) send them from
      the start, and <code>task_send_sent_event=True</code> in the app adds the moment a task was sent.
    </EmptyState>
  );
}

function TaskHistory({ source }: { source: SourceSummary }) {
  const [filter, setFilter] = useTaskFilter();
  const tasks = useTaskPages(source.id, filter);
  const workers = useCeleryWorkers(source.id);
  const rows = tasks.data?.pages.flatMap((p) => p.items);
  const names = [...new Set([...(rows ?? []).map((t) => t.name).filter((n): n is string => !!n)])].sort();
  const live = (tasks.data?.pages.length ?? 0) <= 1;
  return (
    <div className="space-y-4">
      <SourceBreadcrumb source={source} here="tasks" />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Task history</h1>
          <p className="text-sm text-slate-500">Every task the workers reported, newest first: search by state, name, worker, time or text.</p>
        </div>
        <OpenTaskById sourceId={source.id} />
      </div>
      <TaskFilters filter={filter} onChange={setFilter} names={names} workers={(workers.data?.items ?? []).map((w) => w.hostname)} />
      <TaskCharts sourceId={source.id} name={filter.name} />
      <section className="space-y-2" aria-label="Tasks">
        <QueryView
          query={{ data: rows, error: tasks.error, isPending: tasks.isPending }}
          loading="Loading tasks"
          isEmpty={(r) => !r.length}
          empty={hasFilter(filter) ? <EmptyState title="No task matches these filters">Widen the time range, or clear a filter.</EmptyState> : <NoEvents />}
        >
          {(r) => (
            <>
              <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
                <p data-testid="task-count">
                  {formatNumber(r.length)} task{r.length === 1 ? "" : "s"}
                  {live ? " · newest first, updating" : " · older pages loaded, updates paused"}
                  {tasks.isFetching && " · reading…"}
                </p>
                {!live && (
                  <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={tasks.toNewest}>
                    Back to newest
                  </Button>
                )}
              </div>
              <TaskTable sourceId={source.id} tasks={r} />
              {tasks.isFetchNextPageError && <ErrorState error={tasks.error} />}
              <div className="flex justify-center">
                {tasks.hasNextPage ? (
                  <Button onClick={() => void tasks.fetchNextPage()} disabled={tasks.isFetchingNextPage}>
                    {tasks.isFetchingNextPage ? "Loading…" : "Load older"}
                  </Button>
                ) : (
                  <p className="text-xs text-slate-500">That is the oldest task kept.</p>
                )}
              </div>
            </>
          )}
        </QueryView>
      </section>
    </div>
  );
}
