"use client";

import Link from "next/link";
import type { SourceSummary } from "@/lib/dto";
import { pages } from "@/lib/urls";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { JobButtons } from "./job-buttons";
import { JobDetailView } from "./job-detail-view";
import { useJob } from "./queries";

/** /sources/{id}/queues/{queue}/jobs/{jobId}: everything about one job, with its actions. */
export function JobPage({ source, queueName, queueId, jobId }: { source: SourceSummary; queueName: string; queueId: string; jobId: string }) {
  const job = useJob(source.id, queueId, jobId);
  return (
    <div className="space-y-4">
      <nav className="flex flex-wrap gap-1 text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href={pages.source(source.id)} className="hover:underline">
          {source.name}
        </Link>
        <span>/</span>
        <Link href={pages.bullQueue(source.id, queueName)} className="break-all hover:underline" data-testid="breadcrumb-queue">
          {queueName}
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
            <JobButtons sourceId={source.id} queueId={queueId} job={data} queueName={queueName} />
            <JobDetailView sourceId={source.id} job={data} />
          </>
        )}
      </QueryView>
    </div>
  );
}
