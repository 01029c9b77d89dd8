"use client";

import type { ComponentType } from "react";
import type { BrokerKind, SourceSummary } from "@/lib/dto";
import { GenericQueuesPanel } from "./generic-queues";

/** The one place where a kind picks its own panel for the source page. */
const PANELS: Record<BrokerKind, ComponentType<{ source: SourceSummary }>> = {
  rabbitmq: GenericQueuesPanel,
  kafka: GenericQueuesPanel,
  bullmq: GenericQueuesPanel,
  celery: GenericQueuesPanel,
};

export function SourcePanel({ source }: { source: SourceSummary }) {
  const Panel = PANELS[source.kind];
  return <Panel source={source} />;
}
