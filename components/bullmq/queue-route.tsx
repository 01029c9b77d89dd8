"use client";

import type { SourceSummary } from "@/lib/dto";
import { bullLocation } from "@/lib/urls";
import { Redirect } from "../redirect";
import { SourceBreadcrumb } from "../source-gate";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { JobPage } from "./job-page";
import { useBullQueues } from "./queries";
import { BullmqQueueView } from "./queue-view";

/**
 * /sources/{s}/queues/{queue} and .../jobs/{jobId}. An old link carries the queue's base64 id:
 * the snapshot list tells it apart from a queue whose name merely looks like base64.
 */
export function BullmqQueueRoute({ source, segments }: { source: SourceSummary; segments: string[] }) {
  const queues = useBullQueues(source.id);
  // Without the list (Redis down) every segment is taken as a name.
  const names = queues.data?.items.map((q) => q.name) ?? (queues.error ? [] : undefined);
  return (
    <QueryView query={{ data: names, error: null, isPending: true }} loading="Loading queue">
      {(names) => {
        const at = bullLocation(source.id, segments, names);
        if (at.kind === "redirect") return <Redirect to={at.to} />;
        if (at.kind === "bull-job") return <JobPage source={source} queueName={at.name} queueId={at.queueId} jobId={at.jobId} />;
        if (at.kind !== "bull-queue") return <EmptyState title="No such page">A BullMQ queue&apos;s address is /queues/&#123;queue&#125;, a job&apos;s /queues/&#123;queue&#125;/jobs/&#123;id&#125;.</EmptyState>;
        return (
          <div className="space-y-4">
            <SourceBreadcrumb source={source} here="queue" />
            <BullmqQueueView source={source} queueId={at.queueId} />
          </div>
        );
      }}
    </QueryView>
  );
}
