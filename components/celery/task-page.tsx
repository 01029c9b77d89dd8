"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { CeleryTaskDetailDto } from "@/lib/celery";
import type { SourceSummary } from "@/lib/dto";
import { formatRuntime } from "@/lib/format";
import { pages } from "@/lib/urls";
import { SourceGate } from "../source-gate";
import { Card } from "../ui/card";
import { CopyButton } from "../ui/copy-button";
import { QueryView } from "../ui/query-view";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState } from "../ui/states";
import { TaskActions } from "./task-actions";
import { TaskFamily } from "./task-family";
import { TaskPayload } from "./task-payload";
import { useTaskDetail } from "./task-queries";
import { TaskStateBadge } from "./task-state-badge";
import { TaskTimeline } from "./task-timeline";

/** /sources/{source}/tasks/{taskId}: everything the events told about one task, and what can be done with it. */
export function CeleryTaskPage({ sourceId, taskId }: { sourceId: string; taskId: string }) {
  return <SourceGate sourceId={sourceId}>{(source) => <TaskView source={source} taskId={taskId} />}</SourceGate>;
}

function TaskView({ source, taskId }: { source: SourceSummary; taskId: string }) {
  const task = useTaskDetail(source.id, taskId);
  return (
    <div className="space-y-4">
      <nav className="flex flex-wrap gap-1 text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href={pages.source(source.id)} className="hover:underline">
          {source.name}
        </Link>
        <span>/</span>
        <Link href={pages.celeryTasks(source.id)} className="hover:underline" data-testid="breadcrumb-tasks">
          tasks
        </Link>
        <span>/</span>
        <span className="break-all font-mono">{taskId}</span>
      </nav>
      <QueryView
        query={task}
        loading="Loading task"
        notFound={
          <EmptyState title={`No task "${taskId}" in the history`}>
            No event of it has reached QueueDeck: it may be older than the history keeps, sent by a worker without events, or not sent yet.{" "}
            <Link href={pages.celeryTasks(source.id)} className="underline">
              Search the history
            </Link>
          </EmptyState>
        }
      >
        {(d) => <TaskDetail source={source} task={d} />}
      </QueryView>
    </div>
  );
}

function Section({ title, children, testId, className = "" }: { title: string; children: ReactNode; testId?: string; className?: string }) {
  return (
    <Card className={`min-w-0 space-y-2 p-4 ${className}`} data-testid={testId}>
      <h2 className="text-sm font-semibold">{title}</h2>
      {children}
    </Card>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="break-words text-sm" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function TaskLink({ sourceId, id }: { sourceId: string; id: string | null }) {
  if (!id) return <span className="text-slate-400">–</span>;
  return (
    <Link href={pages.celeryTask(sourceId, id)} className="break-all font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300">
      {id}
    </Link>
  );
}

const dash = <span className="text-slate-400">–</span>;

function TaskDetail({ source, task }: { source: SourceSummary; task: CeleryTaskDetailDto }) {
  const failed = task.exception !== null || task.traceback !== null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="break-all font-mono text-xl font-semibold">{task.name ?? "(unknown task)"}</h1>
            <TaskStateBadge state={task.state} />
          </div>
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-500">
            <code className="break-all font-mono text-xs" data-testid="task-id">
              {task.id}
            </code>
            <CopyButton text={task.id} label="Copy id" />
          </p>
        </div>
        <TaskActions source={source} task={task} />
      </div>

      <Section title="Summary" testId="task-summary">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <Fact label="Worker" testId="task-worker">
            {task.worker ? <span className="font-mono text-xs">{task.worker}</span> : dash}
          </Fact>
          <Fact label="Queue">
            {task.queue ?? task.routingKey ? <span className="font-mono text-xs">{task.queue ?? task.routingKey}</span> : dash}
            {task.exchange ? <span className="block text-xs text-slate-500">exchange {task.exchange}</span> : null}
          </Fact>
          <Fact label="Runtime" testId="task-runtime">
            {formatRuntime(task.runtime)}
          </Fact>
          <Fact label="Retries" testId="task-retries">
            {task.retries}
          </Fact>
          <Fact label="ETA">{task.eta ? <RelativeTime iso={task.eta} /> : dash}</Fact>
          <Fact label="Expires">{task.expires ? <RelativeTime iso={task.expires} /> : dash}</Fact>
          <Fact label="Sent">
            <RelativeTime iso={task.sentAt} />
          </Fact>
          <Fact label="Received">
            <RelativeTime iso={task.receivedAt} />
          </Fact>
          <Fact label="Started">
            <RelativeTime iso={task.startedAt} />
          </Fact>
          <Fact label="Finished">
            <RelativeTime iso={task.finishedAt} />
          </Fact>
          {task.parentId && (
            <Fact label="Parent">
              <TaskLink sourceId={source.id} id={task.parentId} />
            </Fact>
          )}
          {task.rootId && task.rootId !== task.id && task.rootId !== task.parentId && (
            <Fact label="Root">
              <TaskLink sourceId={source.id} id={task.rootId} />
            </Fact>
          )}
          {task.groupId && (
            <Fact label="Group">
              <span className="break-all font-mono text-xs">{task.groupId}</span>
            </Fact>
          )}
          {task.retriedFrom && (
            <Fact label="Retried from" testId="retried-from">
              <TaskLink sourceId={source.id} id={task.retriedFrom} />
            </Fact>
          )}
          {task.retriedAs.length > 0 && (
            <Fact label="Retried as" testId="retried-as">
              <ul className="space-y-0.5">
                {task.retriedAs.map((id) => (
                  <li key={id}>
                    <TaskLink sourceId={source.id} id={id} />
                  </li>
                ))}
              </ul>
            </Fact>
          )}
        </dl>
      </Section>

      {failed && (
        <Section title={task.state === "RETRY" ? "Exception (will retry)" : "Exception"} testId="task-exception">
          {task.exception && <p className="break-words rounded-md bg-red-50 p-2 font-mono text-sm text-red-800 dark:bg-red-950 dark:text-red-300">{task.exception}</p>}
          {task.traceback && (
            <pre className="max-h-96 overflow-auto rounded-md bg-slate-100 p-3 font-mono text-xs leading-relaxed dark:bg-slate-950" data-testid="task-traceback">
              {task.traceback}
            </pre>
          )}
        </Section>
      )}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <Section title="Timeline" testId="task-timeline-section">
          <TaskTimeline steps={task.timeline} />
        </Section>
        <div className="min-w-0 space-y-4">
          <div className="grid gap-4 xl:grid-cols-2">
            <Section title="Args" testId="task-args">
              <TaskPayload text={task.args} empty="No event carried the args." />
            </Section>
            <Section title="Kwargs" testId="task-kwargs">
              <TaskPayload text={task.kwargs} empty="No event carried the kwargs." />
            </Section>
          </div>
          <Section title="Result" testId="task-result">
            <TaskPayload text={task.result} empty={task.state === "SUCCESS" ? "The task returned nothing QueueDeck was told." : "No result yet."} />
          </Section>
        </div>
      </div>

      <Section title="Family" testId="task-family-section">
        <TaskFamily sourceId={source.id} family={task.family} current={task.id} truncated={task.familyTruncated} />
      </Section>
    </div>
  );
}
