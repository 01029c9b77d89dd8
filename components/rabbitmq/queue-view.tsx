"use client";

import type { SourceSummary } from "@/lib/dto";

/** One RabbitMQ queue: charts, messages, actions. */
export function RabbitmqQueueView({ source, queueId }: { source: SourceSummary; queueId: string }) {
  return (
    <p className="text-sm text-slate-500">
      Queue {queueId} of {source.name}
    </p>
  );
}
