"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { JobDetailDto, JobRefDto } from "@/lib/bullmq";
import { formatNumber } from "@/lib/format";
import { pages } from "@/lib/urls";
import { PayloadView } from "../payload-view";
import { Card } from "../ui/card";
import { formatDuration } from "./badges";
import { when } from "./job-rows";
import { stateLabel } from "./states";

const time = (t: number | undefined) => (t ? `${new Date(t).toLocaleString()} (${when(t)})` : "–");

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card className="space-y-2 p-4" data-testid={testId}>
      <h2 className="text-sm font-semibold">{title}</h2>
      {children}
    </Card>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="break-words text-sm">{children}</dd>
    </div>
  );
}

function Ref({ sourceId, r }: { sourceId: string; r: JobRefDto }) {
  const label = `${r.queue} / ${r.id}`;
  return r.queueId ? (
    <Link href={pages.bullJob(sourceId, r.queue, r.id)} className="font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300">
      {label}
    </Link>
  ) : (
    <span className="font-mono text-xs" title="under another prefix">
      {label}
    </span>
  );
}

/** Everything the server knows about one job, in sections. */
export function JobDetailView({ sourceId, job }: { sourceId: string; job: JobDetailDto }) {
  const progress = typeof job.progress === "number" ? job.progress : undefined;
  return (
    <div className="space-y-4">
      <Section title="Summary" testId="job-summary">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
          <Fact label="State">
            <span data-testid="job-state">{stateLabel(job.state)}</span>
          </Fact>
          <Fact label="Attempts">
            <span data-testid="job-attempts">
              {job.attemptsMade} of {job.attempts}
            </span>
          </Fact>
          <Fact label="Progress">
            {progress !== undefined ? (
              <span className="flex items-center gap-2">
                <span className="h-1.5 w-20 overflow-hidden rounded bg-slate-200 dark:bg-slate-800">
                  <span className="block h-full bg-indigo-600" style={{ width: `${Math.min(100, Math.max(0, progress))}%` }} />
                </span>
                {progress}%
              </span>
            ) : job.progress !== undefined ? (
              <code className="text-xs">{JSON.stringify(job.progress).slice(0, 200)}</code>
            ) : (
              "–"
            )}
          </Fact>
          <Fact label="Processed by">{job.processedBy ?? "–"}</Fact>
          <Fact label="Added">{time(job.timestamp)}</Fact>
          <Fact label="Started">{time(job.processedOn)}</Fact>
          <Fact label="Finished">{time(job.finishedOn)}</Fact>
          {job.delayMs ? <Fact label="Delay">{formatDuration(job.delayMs)}</Fact> : null}
          {job.priority ? <Fact label="Priority">{job.priority}</Fact> : null}
          <Fact label="Waited">{job.waitMs === undefined ? "–" : formatDuration(job.waitMs)}</Fact>
          <Fact label="Ran">{job.runMs === undefined ? "–" : formatDuration(job.runMs)}</Fact>
        </dl>
      </Section>
      {job.failedReason && (
        <Section title="Failure" testId="job-failure">
          <pre className="whitespace-pre-wrap break-words rounded-md bg-red-50 p-3 font-mono text-xs text-red-800 dark:bg-red-950 dark:text-red-300">{job.failedReason}</pre>
          {job.stacktrace.length > 0 && (
            <details>
              <summary className="cursor-pointer text-xs text-slate-600 dark:text-slate-300">Stack traces ({job.stacktrace.length}, newest last)</summary>
              {job.stacktrace.map((s, i) => (
                <pre key={i} className="mt-2 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-100 p-2 font-mono text-[11px] dark:bg-slate-950">
                  {s}
                </pre>
              ))}
            </details>
          )}
        </Section>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Data" testId="job-data">
          <PayloadView payload={job.data} />
        </Section>
        <Section title="Return value" testId="job-return">
          {job.returnvalue ? <PayloadView payload={job.returnvalue} /> : <p className="text-sm text-slate-500">None yet.</p>}
        </Section>
      </div>
      <Section title={`Logs (${formatNumber(job.logs.count)})`} testId="job-logs">
        {job.logs.items.length ? (
          <ol className="max-h-72 space-y-0.5 overflow-auto font-mono text-xs">
            {job.logs.items.map((l, i) => (
              <li key={i} className="whitespace-pre-wrap break-all">
                {l}
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-slate-500">No log lines.</p>
        )}
        {job.logs.count > job.logs.items.length && <p className="text-xs text-slate-500">Newest {job.logs.items.length} shown.</p>}
      </Section>
      <Section title="Flow" testId="job-flow">
        <dl className="grid gap-3 sm:grid-cols-3">
          <Fact label="Parent">{job.parent ? <Ref sourceId={sourceId} r={job.parent} /> : "none"}</Fact>
          <Fact label={`Pending children (${job.children.pendingCount})`}>
            <RefList sourceId={sourceId} refs={job.children.pending} total={job.children.pendingCount} />
          </Fact>
          <Fact label={`Processed children (${job.children.processedCount})`}>
            <RefList sourceId={sourceId} refs={job.children.processed} total={job.children.processedCount} />
          </Fact>
        </dl>
      </Section>
      <Section title="Options">
        <PayloadView payload={job.opts} />
      </Section>
    </div>
  );
}

function RefList({ sourceId, refs, total }: { sourceId: string; refs: JobRefDto[]; total: number }) {
  if (!refs.length) return <>none</>;
  return (
    <ul className="space-y-0.5">
      {refs.map((r) => (
        <li key={`${r.queue}:${r.id}`}>
          <Ref sourceId={sourceId} r={r} />
        </li>
      ))}
      {total > refs.length && <li className="text-xs text-slate-500">and {formatNumber(total - refs.length)} more</li>}
    </ul>
  );
}
