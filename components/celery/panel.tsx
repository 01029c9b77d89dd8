"use client";

import type { SourceSummary } from "@/lib/dto";
import type { CeleryQueueDto, CeleryTaskDto, CeleryWorkerDto } from "@/lib/celery";
import { formatNumber, formatRelative } from "@/lib/format";
import { useSnapshotList } from "../use-snapshot-list";
import { DataTable } from "../ui/data-table";
import { EmptyState, ErrorState, Spinner } from "../ui/states";

function Progress({ value }: { value: number | null }) {
  if (value === null) return <span className="text-slate-400">–</span>;
  const pct = Math.round(value * 100);
  return (
    <span className="flex items-center gap-2">
      <span className="h-2 w-24 overflow-hidden rounded bg-slate-200 dark:bg-slate-800" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <span className="block h-full bg-indigo-600" style={{ width: `${pct}%` }} />
      </span>
      <span className="tabular-nums text-xs">{pct}%</span>
    </span>
  );
}

/** Celery: running tasks with progress, workers, and the queues on the broker. */
export function CeleryPanel({ source }: { source: SourceSummary }) {
  const tasks = useSnapshotList<CeleryTaskDto>(source.id, "tasks");
  const workers = useSnapshotList<CeleryWorkerDto>(source.id, "workers");
  const queues = useSnapshotList<CeleryQueueDto>(source.id, "queues");
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h2 className="text-lg font-medium">Active tasks</h2>
        {tasks.isPending ? <Spinner /> : tasks.error && !tasks.data ? <ErrorState error={tasks.error} /> : !tasks.data?.items.length ? (
          <EmptyState title="No task is running">Tasks appear here while a worker runs them.</EmptyState>
        ) : (
          <DataTable
            label="Active tasks"
            rows={tasks.data.items}
            rowKey={(t) => t.id}
            columns={[
              { header: "Task", cell: (t) => <span className="font-mono text-xs">{t.name}</span> },
              { header: "Id", cell: (t) => <span className="font-mono text-xs text-slate-500">{t.id.slice(0, 8)}</span> },
              { header: "Worker", cell: (t) => <span className="text-xs">{t.worker}</span> },
              { header: "Started", cell: (t) => <span className="text-xs">{formatRelative(t.startedAt ?? undefined)}</span> },
              { header: "State", cell: (t) => t.state ?? "–" },
              { header: "Progress", cell: (t) => <Progress value={t.progress} /> },
            ]}
          />
        )}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-medium">Workers</h2>
        {workers.isPending ? <Spinner /> : workers.error && !workers.data ? <ErrorState error={workers.error} /> : !workers.data?.items.length ? (
          <EmptyState title="No worker answers">Start a worker with events enabled (-E) to see it here.</EmptyState>
        ) : (
          <DataTable
            label="Workers"
            rows={workers.data.items}
            rowKey={(w) => w.hostname}
            columns={[
              { header: "Worker", cell: (w) => <span className="font-mono text-xs">{w.hostname}</span> },
              { header: "Pool", cell: (w) => `${w.pool}${w.concurrency ? ` × ${w.concurrency}` : ""}` },
              { header: "Queues", cell: (w) => <span className="text-xs">{w.queues.join(", ")}</span> },
              { header: "Active", align: "right", cell: (w) => w.active },
              { header: "Received", align: "right", cell: (w) => formatNumber(w.processed) },
              { header: "Version", cell: (w) => <span className="text-xs">{w.version ?? "–"}</span> },
            ]}
          />
        )}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-medium">Queues</h2>
        {queues.isPending ? <Spinner /> : queues.error && !queues.data ? <ErrorState error={queues.error} /> : !queues.data?.items.length ? (
          <EmptyState title="No queues" />
        ) : (
          <DataTable
            label="Queues"
            rows={queues.data.items}
            rowKey={(q) => q.name}
            columns={[
              { header: "Queue", cell: (q) => <span className="font-mono text-xs">{q.name}</span> },
              { header: "Waiting", align: "right", cell: (q) => formatNumber(q.depth) },
            ]}
          />
        )}
      </section>
    </div>
  );
}
