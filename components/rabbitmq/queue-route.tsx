"use client";

import type { SourceSummary } from "@/lib/dto";
import { rabbitLocation } from "@/lib/urls";
import { Redirect } from "../redirect";
import { SourceBreadcrumb } from "../source-gate";
import { EmptyState } from "../ui/states";
import { RabbitmqQueueView } from "./queue-view";

/** /sources/{s}/queues/{vhost}/{queue}; an old /queues/{base64 id} link moves there. */
export function RabbitmqQueueRoute({ source, segments }: { source: SourceSummary; segments: string[] }) {
  const at = rabbitLocation(source.id, segments);
  if (at.kind === "redirect") return <Redirect to={at.to} />;
  if (at.kind !== "rabbit-queue") return <EmptyState title="No such page">A RabbitMQ queue&apos;s address is /queues/&#123;vhost&#125;/&#123;queue&#125;.</EmptyState>;
  return (
    <div className="space-y-4">
      <SourceBreadcrumb source={source} here="queue" />
      <RabbitmqQueueView source={source} queueId={at.queueId} />
    </div>
  );
}
