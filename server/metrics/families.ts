import "server-only";
import { Counter, Gauge, Registry } from "prom-client";

// The metric families GET /metrics exposes. A fresh registry per scrape, filled from the
// collector's snapshots: a scrape never reaches a broker, and a queue that is gone is gone.

const SOURCE = ["source", "kind"] as const;
const QUEUE = ["source", "kind", "vhost", "queue"] as const;
const GROUP = ["source", "group"] as const;
const TOPIC = ["source", "topic"] as const;
const WORKER = ["source", "worker"] as const;

export function createFamilies() {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    sourceUp: gauge("queuedeck_source_up", "1 when the source's broker answered the last collector tick, else 0.", SOURCE),
    sourceDegraded: gauge("queuedeck_source_degraded", "1 when the source is up but part of its broker's surface is unreachable.", SOURCE),
    tickSeconds: gauge("queuedeck_collector_tick_duration_seconds", "How long the source's last collector tick took.", SOURCE),
    lastTick: gauge("queuedeck_collector_last_tick_timestamp_seconds", "When the source's last collector tick ended (Unix time).", SOURCE),
    consecutiveFailures: gauge("queuedeck_collector_consecutive_failures", "Collector ticks in a row that found the source down.", SOURCE),
    ticks: counter("queuedeck_collector_ticks_total", "Collector ticks run for the source since QueueDeck started.", SOURCE),
    tickErrors: counter("queuedeck_collector_tick_errors_total", "Collector ticks that found the source down since QueueDeck started.", SOURCE),
    depth: gauge("queuedeck_queue_depth", "Messages or jobs waiting in the queue (RabbitMQ: ready + unacked; BullMQ: not started; Celery: waiting).", QUEUE),
    ready: gauge("queuedeck_queue_ready", "RabbitMQ messages ready for delivery.", QUEUE),
    unacked: gauge("queuedeck_queue_unacked", "RabbitMQ messages delivered and not acknowledged yet.", QUEUE),
    consumers: gauge("queuedeck_queue_consumers", "Consumers of the queue (RabbitMQ consumers, BullMQ workers).", QUEUE),
    publishRate: gauge("queuedeck_queue_publish_rate", "Messages per second published into the queue.", QUEUE),
    deliverRate: gauge("queuedeck_queue_deliver_rate", "Messages per second delivered from the queue (deliver + get).", QUEUE),
    ackRate: gauge("queuedeck_queue_ack_rate", "Messages per second acknowledged.", QUEUE),
    paused: gauge("queuedeck_queue_paused", "1 when the BullMQ queue is paused.", QUEUE),
    jobs: gauge("queuedeck_queue_jobs", "BullMQ jobs in each state.", [...QUEUE, "state"] as const),
    deadLetters: gauge("queuedeck_dead_letters", "Dead letters held (RabbitMQ dead-letter queue depth, Kafka dead-letter topic records, BullMQ failed jobs).", QUEUE),
    groupLag: gauge("queuedeck_kafka_group_lag", "Kafka consumer group lag in messages (sum over partitions with a committed offset).", GROUP),
    groupLagSeconds: gauge("queuedeck_kafka_group_lag_seconds", "Kafka consumer group lag in seconds (age of the oldest unconsumed record); absent when not known.", GROUP),
    groupConsumeRate: gauge("queuedeck_kafka_group_consume_rate", "Messages per second the Kafka group commits.", GROUP),
    groupMembers: gauge("queuedeck_kafka_group_members", "Members of the Kafka consumer group.", GROUP),
    topicMessages: gauge("queuedeck_kafka_topic_messages", "Retained offsets of the Kafka topic (latest - earliest).", TOPIC),
    topicProduceRate: gauge("queuedeck_kafka_topic_produce_rate", "Messages per second written to the Kafka topic.", TOPIC),
    topicUnderReplicated: gauge("queuedeck_kafka_topic_under_replicated_partitions", "Partitions whose ISR is smaller than their replica set.", TOPIC),
    workerUp: gauge("queuedeck_celery_worker_up", "1 while the Celery worker's heartbeats arrive, 0 once it is offline.", WORKER),
    workerActive: gauge("queuedeck_celery_worker_active_tasks", "Tasks the Celery worker is running.", WORKER),
    workerProcessed: gauge("queuedeck_celery_worker_processed_tasks", "Tasks the Celery worker received since it started.", WORKER),
  };
}

export type Families = ReturnType<typeof createFamilies>;
