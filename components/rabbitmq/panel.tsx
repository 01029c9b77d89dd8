"use client";

import type { SourceSummary } from "@/lib/dto";
import { GenericQueuesPanel } from "../panels/generic-queues";

/** The RabbitMQ source page: queue table, dead letters, exchanges. */
export function RabbitmqPanel({ source }: { source: SourceSummary }) {
  return <GenericQueuesPanel source={source} />;
}
