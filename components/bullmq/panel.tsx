"use client";

import type { SourceSummary } from "@/lib/dto";
import { GenericQueuesPanel } from "../panels/generic-queues";

/** The BullMQ source page: queues by state. */
export function BullmqPanel({ source }: { source: SourceSummary }) {
  return <GenericQueuesPanel source={source} />;
}
