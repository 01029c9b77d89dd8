"use client";

import Link from "next/link";
import { useSources } from "../queries";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { JobButtons } from "./job-buttons";
import { JobDetailView } from "./job-detail-view";
import { queuePageHref, useBullQueues, useJob } from "./queries";

/** /sources/{id}/queues/{queueId}/jobs/{jobId}: everything about one job, with its actions. */
export function JobPage({ sourceId, queueId, jobId }: { sourceId: string; queueId: string; jobId: string }) {
  const sources = useSources();
  // The name for the breadcrumb comes from the collector snapshot: no broker read per poll.
  const queueName = useBullQueues(sourceId).data?.items.find((q) => q.id === queueId)?.name;
  const job = useJob(sourceId, queueId, jobId);
  const source = sources.data?.find((s) => s.id === sourceId);
  return (
    <div className="space-y-4">
      <nav className="flex flex-wrap gap-1 text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href={`/sources/${encodeURIComponent(sourceId)}`} className="hover:underline">
          {source?.name ?? sourceId}
        </Link>
        <span>/</span>
        <Link href={queuePageHref(sourceId, queueId)} className="break-all hover:underline" data-testid="breadcrumb-queue">
          {queueName ?? "queue"}
        </Link>
        <span>/ job</span>
      </nav>
      <QueryView
        query={job}
        loading="Loading job"
        notFound={<EmptyState title={`Job "${jobId}" does not exist`}>It may have been removed, cleaned, or trimmed by removeOnComplete / removeOnFail.</EmptyState>}
      >
        {(data) => (
          <>
            <h1 className="break-all text-xl font-semibold">
              {data.name} <span className="font-mono text-base font-normal text-slate-500">#{data.id}</span>
            </h1>
            <JobButtons sourceId={sourceId} queueId={queueId} job={data} queueName={queueName ?? ""} />
            <JobDetailView sourceId={sourceId} job={data} />
          </>
        )}
      </QueryView>
    </div>
  );
}
