"use client";

import Link from "next/link";
import { useState } from "react";
import type { SourceSummary } from "@/lib/dto";
import type { CeleryQueueDto, CeleryTaskDto } from "@/lib/celery";
import { formatNumber, formatRelative } from "@/lib/format";
import { pages } from "@/lib/urls";
import { ActionsHidden } from "../actions-hidden";
import { usePermissions } from "../queries";
import { Button } from "../ui/button";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState, ErrorState } from "../ui/states";
import { ControlReply } from "./control-reply";
import { useCeleryQueues, useCeleryTasks, useCeleryWorkers, useRevoke } from "./queries";
import { RateLimitForm } from "./rate-limit-form";
import { RecentFailures } from "./recent-failures";
import { RevokeDialog } from "./revoke-dialog";
import { useTaskTypes } from "./action-queries";
import { PurgeQueueDialog } from "./purge-queue-dialog";
import { PeriodicTasks } from "./periodic-tasks";
import { TaskTypesTable } from "./task-types-table";
import { WorkerDrawer } from "./worker-drawer";
import { formatLoadavg, WorkerStatusBadge } from "./worker-status";

const LINK = "text-sm text-indigo-700 hover:underline dark:text-indigo-300";

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

/** Celery: running tasks with progress (revocable by operators), workers, the queues on the broker, and per-worker rate limits. */
export function CeleryPanel({ source }: { source: SourceSummary }) {
  const tasks = useCeleryTasks(source.id);
  const workers = useCeleryWorkers(source.id);
  const queues = useCeleryQueues(source.id);
  const { canAct, why } = usePermissions();
  const canRevoke = canAct && source.capabilities.revoke;
  const canRateLimit = canAct && source.capabilities.taskRateLimit;
  const revoke = useRevoke(source.id);
  const [revoking, setRevoking] = useState<CeleryTaskDto | null>(null);
  const taskTypes = useTaskTypes(source.id, source.capabilities.taskTypes);
  const [openWorker, setOpenWorker] = useState<string | null>(null);
  const canPurge = canAct && source.capabilities.purge;
  const [purging, setPurging] = useState<CeleryQueueDto | null>(null);
  const [purged, setPurged] = useState<{ queue: string; purged: number } | null>(null);
  const taskNames = taskTypes.data ? taskTypes.data.items.map((t) => t.name) : [...new Set(tasks.data?.items.map((t) => t.name) ?? [])].sort();

  const taskColumns: Column<CeleryTaskDto>[] = [
    { header: "Task", cell: (t) => <span className="font-mono text-xs">{t.name}</span> },
    {
      header: "Id",
      cell: (t) => (
        <Link href={pages.celeryTask(source.id, t.id)} className="font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300" title={t.id}>
          {t.id.slice(0, 8)}
        </Link>
      ),
    },
    { header: "Worker", cell: (t) => <span className="text-xs">{t.worker}</span> },
    { header: "Started", cell: (t) => <span className="text-xs">{formatRelative(t.startedAt ?? undefined)}</span> },
    { header: "State", cell: (t) => t.state ?? "–" },
    { header: "Progress", cell: (t) => <Progress value={t.progress} /> },
  ];
  if (canRevoke) {
    taskColumns.push({
      header: "Actions",
      cell: (t) => (
        <Button variant="danger" className="px-2 py-1 text-xs" onClick={() => setRevoking(t)} disabled={revoke.isPending} aria-label={`Revoke ${t.id}`}>
          Revoke
        </Button>
      ),
    });
  }

  return (
    <div className="space-y-6">
      {!canAct && why && <ActionsHidden why={why} />}
      <nav className="flex flex-wrap gap-4" aria-label="Task history">
        <Link href={pages.celeryTasks(source.id)} className={`${LINK} font-medium`}>
          Task history →
        </Link>
        <Link href={pages.celeryTasks(source.id, { state: "FAILURE" })} className={LINK}>
          Failed tasks
        </Link>
        <Link href={pages.celeryTasks(source.id, { state: "RETRY" })} className={LINK}>
          Retrying
        </Link>
        <Link href={pages.deadLetters(source.id)} className={LINK}>
          Failures by task name
        </Link>
        <a href="#periodic" className={LINK}>
          Periodic tasks
        </a>
      </nav>
      <section className="space-y-2" aria-labelledby="celery-active-tasks">
        <h2 id="celery-active-tasks" className="text-lg font-medium">
          Active tasks
        </h2>
        {revoke.error && <ErrorState error={revoke.error} />}
        {revoke.data && <ControlReply outcome={revoke.data} />}
        <QueryView
          query={tasks}
          isEmpty={(d) => !d.items.length}
          empty={<EmptyState title="No task is running">Tasks appear here while a worker runs them.</EmptyState>}
        >
          {(d) => <DataTable label="Active tasks" rows={d.items} rowKey={(t) => t.id} columns={taskColumns} />}
        </QueryView>
        {canRevoke && (
          <RevokeDialog
            task={revoking}
            busy={revoke.isPending}
            onClose={() => setRevoking(null)}
            onConfirm={(body) => {
              revoke.mutate({ taskId: revoking!.id, body });
              setRevoking(null);
            }}
          />
        )}
      </section>
      <RecentFailures sourceId={source.id} />
      <PeriodicTasks sourceId={source.id} />
      <section className="space-y-2">
        <h2 className="text-lg font-medium">Workers</h2>
        <QueryView
          query={workers}
          isEmpty={(d) => !d.items.length}
          empty={<EmptyState title="No worker answers">Start a worker with events enabled (-E) to see it here.</EmptyState>}
        >
          {(d) => (
            <DataTable
              label="Workers"
              rows={d.items}
              rowKey={(w) => w.hostname}
              columns={[
                {
                  header: "Worker",
                  rowHeader: true,
                  cell: (w) =>
                    source.capabilities.workerDetail ? (
                      <button type="button" className="font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300" onClick={() => setOpenWorker(w.hostname)}>
                        {w.hostname}
                      </button>
                    ) : (
                      <span className="font-mono text-xs">{w.hostname}</span>
                    ),
                },
                { header: "Status", cell: (w) => <WorkerStatusBadge status={w.status} />, sortValue: (w) => w.status },
                {
                  header: "Last seen",
                  className: "whitespace-nowrap text-xs",
                  cell: (w) => <RelativeTime iso={w.lastSeenAt} />,
                  sortValue: (w) => (w.lastSeenAt ? Date.parse(w.lastSeenAt) : 0),
                },
                {
                  header: "Load",
                  title: "Load average over 1, 5 and 15 minutes, from the last heartbeat",
                  className: "whitespace-nowrap font-mono text-xs",
                  cell: (w) => formatLoadavg(w.loadavg),
                },
                { header: "Pool", cell: (w) => `${w.pool}${w.concurrency ? ` × ${w.concurrency}` : ""}` },
                { header: "Queues", cell: (w) => <span className="text-xs">{w.queues.join(", ")}</span> },
                { header: "Active", align: "right", cell: (w) => w.active },
                { header: "Received", align: "right", cell: (w) => formatNumber(w.processed) },
                { header: "Version", cell: (w) => <span className="text-xs">{w.version ?? "–"}</span> },
              ]}
            />
          )}
        </QueryView>
      </section>
      {source.capabilities.workerDetail && (
        <WorkerDrawer
          sourceId={source.id}
          hostname={openWorker}
          knownQueues={queues.data?.items.map((q) => q.name) ?? []}
          canAct={canAct && source.capabilities.workerConsumers}
          onClose={() => setOpenWorker(null)}
        />
      )}
      {source.capabilities.taskTypes && <TaskTypesTable query={taskTypes} />}
      {canRateLimit && <RateLimitForm sourceId={source.id} taskNames={taskNames} />}
      <section className="space-y-2">
        <h2 className="text-lg font-medium">Queues</h2>
        {purged && (
          <p role="status" className="text-sm text-slate-600 dark:text-slate-300">
            Purged {formatNumber(purged.purged)} tasks from <span className="font-mono">{purged.queue}</span>.
          </p>
        )}
        <QueryView query={queues} isEmpty={(d) => !d.items.length} empty="No queues">
          {(d) => (
            <DataTable
              label="Queues"
              rows={d.items}
              rowKey={(q) => q.name}
              columns={[
                { header: "Queue", cell: (q) => <span className="font-mono text-xs">{q.name}</span> },
                { header: "Waiting", align: "right", cell: (q) => formatNumber(q.depth), sortValue: (q) => q.depth },
                ...(canPurge
                  ? [
                      {
                        header: "Actions",
                        cell: (q: CeleryQueueDto) => (
                          <Button variant="danger" className="px-2 py-1 text-xs" onClick={() => setPurging(q)} disabled={q.depth === 0} aria-label={`Purge ${q.name}`}>
                            Purge
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
        </QueryView>
        {canPurge && <PurgeQueueDialog sourceId={source.id} queue={purging} onClose={() => setPurging(null)} onPurged={(queue, n) => setPurged({ queue, purged: n })} />}
      </section>
    </div>
  );
}
