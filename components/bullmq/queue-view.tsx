"use client";

import type { SourceSummary } from "@/lib/dto";

/** One BullMQ queue: counts, job browser, search, actions, charts. */
export function BullmqQueueView({ source, queueId }: { source: SourceSummary; queueId: string }) {
  return (
    <p className="text-sm text-slate-500">
      Queue {queueId} of {source.name}
    </p>
  );
}
