import "server-only";
import type { SourceConfig } from "@/lib/config-schema";
import type { RabbitQueueDto } from "@/lib/rabbitmq";
import type { BullQueueDto } from "@/lib/bullmq";
import type { KafkaGroupDto, KafkaTopicDto } from "@/lib/kafka";
import type { DeadLetterTopicItemDto } from "@/lib/kafka-dead-letters";
import type { CeleryQueueDto, CeleryWorkerDto } from "@/lib/celery";
import type { Sample } from "@/server/brokers/adapter";
import type { Families } from "./families";

// Each kind's snapshot lists as Prometheus samples. Unknown numbers (null) are left out rather
// than exported as 0: an absent series is honest, a zero would alert nobody.

type Exporter = (f: Families, source: string, sample: Sample) => void;

function set(g: { set(labels: Record<string, string>, v: number): void }, labels: Record<string, string>, v: number | null | undefined): void {
  if (typeof v === "number" && Number.isFinite(v)) g.set(labels, v);
}

const list = <T>(sample: Sample, name: string) => (sample.lists[name] ?? []) as T[];

const rabbitmq: Exporter = (f, source, sample) => {
  for (const q of list<RabbitQueueDto>(sample, "queues")) {
    const l = { source, kind: "rabbitmq", vhost: q.vhost, queue: q.name };
    set(f.depth, l, q.depth);
    set(f.ready, l, q.ready);
    set(f.unacked, l, q.unacked);
    set(f.consumers, l, q.consumers);
    set(f.publishRate, l, q.rates.in);
    set(f.deliverRate, l, q.rates.out);
    set(f.ackRate, l, q.rates.ack);
    if (q.deadLetter.isDeadLetterQueue) set(f.deadLetters, l, q.depth);
  }
};

const bullmq: Exporter = (f, source, sample) => {
  for (const q of list<BullQueueDto>(sample, "queues")) {
    const l = { source, kind: "bullmq", vhost: "", queue: q.name };
    set(f.depth, l, q.depth);
    set(f.consumers, l, q.workers);
    f.paused.set(l, q.paused ? 1 : 0);
    for (const [state, n] of Object.entries(q.counts)) set(f.jobs, { ...l, state }, n);
    set(f.deadLetters, l, q.counts.failed);
  }
};

const kafka: Exporter = (f, source, sample) => {
  for (const g of list<KafkaGroupDto>(sample, "groups")) {
    const l = { source, group: g.groupId };
    set(f.groupLag, l, g.lag);
    set(f.groupLagSeconds, l, g.lagSeconds);
    set(f.groupConsumeRate, l, g.consumeRate);
    set(f.groupMembers, l, g.members);
  }
  for (const t of list<KafkaTopicDto>(sample, "topics")) {
    const l = { source, topic: t.name };
    set(f.topicMessages, l, t.messages);
    set(f.topicProduceRate, l, t.produceRate);
    set(f.topicUnderReplicated, l, t.underReplicated);
  }
  for (const d of list<DeadLetterTopicItemDto>(sample, "dead-letters")) {
    set(f.deadLetters, { source, kind: "kafka", vhost: "", queue: d.topic }, d.count);
  }
};

const celery: Exporter = (f, source, sample) => {
  for (const q of list<CeleryQueueDto>(sample, "queues")) set(f.depth, { source, kind: "celery", vhost: "", queue: q.name }, q.depth);
  for (const w of list<CeleryWorkerDto>(sample, "workers")) {
    const l = { source, worker: w.hostname };
    f.workerUp.set(l, w.status === "online" ? 1 : 0);
    set(f.workerActive, l, w.active);
    set(f.workerProcessed, l, w.processed);
  }
};

export const EXPORTERS: Record<SourceConfig["kind"], Exporter> = { rabbitmq, bullmq, kafka, celery };
