"use client";

import type { ComponentType } from "react";
import type { BrokerKind, SourceSummary } from "@/lib/dto";
import { RabbitmqPanel } from "../rabbitmq/panel";
import { RabbitmqQueueRoute } from "../rabbitmq/queue-route";
import { BullmqPanel } from "../bullmq/panel";
import { BullmqQueueRoute } from "../bullmq/queue-route";
import { KafkaPanel } from "../kafka/panel";
import { CeleryPanel } from "../celery/panel";
import { CeleryFailedTasks } from "../celery/failed-tasks";
import { DeadLettersView } from "../rabbitmq/dead-letters-view";
import { KafkaDeadLetters } from "../kafka/dead-letter-topics";
import { EmptyState } from "../ui/states";

/** What a kind makes of the path segments after /sources/{source}/queues/. */
export type QueueRouteProps = { source: SourceSummary; segments: string[] };

function NoQueueRoute({ source }: QueueRouteProps) {
  return <EmptyState title={`${source.name} has no queue page yet`} />;
}

// The one place where a kind picks its own components.
const SOURCE_PANELS: Record<BrokerKind, ComponentType<{ source: SourceSummary }>> = {
  rabbitmq: RabbitmqPanel,
  kafka: KafkaPanel,
  bullmq: BullmqPanel,
  celery: CeleryPanel,
};

const QUEUE_ROUTES: Record<BrokerKind, ComponentType<QueueRouteProps>> = {
  rabbitmq: RabbitmqQueueRoute,
  kafka: NoQueueRoute,
  bullmq: BullmqQueueRoute,
  celery: NoQueueRoute,
};

export function SourcePanel({ source }: { source: SourceSummary }) {
  const Panel = SOURCE_PANELS[source.kind];
  return <Panel source={source} />;
}

export function QueueRoute({ source, segments }: QueueRouteProps) {
  const Route = QUEUE_ROUTES[source.kind];
  return <Route source={source} segments={segments} />;
}

/** The dead-letters page of the kinds that detect dead letters (RabbitMQ queues, Kafka topics). */
const DEAD_LETTER_VIEWS: Partial<Record<BrokerKind, ComponentType<{ source: SourceSummary }>>> = {
  rabbitmq: DeadLettersView,
  kafka: KafkaDeadLetters,
  celery: CeleryFailedTasks,
};

export function DeadLetterView({ source }: { source: SourceSummary }) {
  const View = DEAD_LETTER_VIEWS[source.kind];
  return View ? <View source={source} /> : <EmptyState title={`${source.name} has no dead-letter view`} />;
}
