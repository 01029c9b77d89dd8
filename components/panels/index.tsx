"use client";

import type { ComponentType } from "react";
import type { BrokerKind, SourceSummary } from "@/lib/dto";
import { RabbitmqPanel } from "../rabbitmq/panel";
import { RabbitmqQueueView } from "../rabbitmq/queue-view";
import { BullmqPanel } from "../bullmq/panel";
import { BullmqQueueView } from "../bullmq/queue-view";
import { KafkaPanel } from "../kafka/panel";
import { CeleryPanel } from "../celery/panel";
import { EmptyState } from "../ui/states";

type QueueViewProps = { source: SourceSummary; queueId: string };

function NoQueueView({ source }: QueueViewProps) {
  return <EmptyState title={`${source.name} has no queue page yet`} />;
}

// The one place where a kind picks its own components.
const SOURCE_PANELS: Record<BrokerKind, ComponentType<{ source: SourceSummary }>> = {
  rabbitmq: RabbitmqPanel,
  kafka: KafkaPanel,
  bullmq: BullmqPanel,
  celery: CeleryPanel,
};

const QUEUE_VIEWS: Record<BrokerKind, ComponentType<QueueViewProps>> = {
  rabbitmq: RabbitmqQueueView,
  kafka: NoQueueView,
  bullmq: BullmqQueueView,
  celery: NoQueueView,
};

export function SourcePanel({ source }: { source: SourceSummary }) {
  const Panel = SOURCE_PANELS[source.kind];
  return <Panel source={source} />;
}

export function QueueView({ source, queueId }: QueueViewProps) {
  const View = QUEUE_VIEWS[source.kind];
  return <View source={source} queueId={queueId} />;
}
