import type { BullQueueDto } from "@/lib/bullmq";
import type { CeleryQueueDto } from "@/lib/celery";
import type { BrokerKind } from "@/lib/dto";
import type { KafkaGroupDto } from "@/lib/kafka";
import type { DeadLetterTopicItemDto } from "@/lib/kafka-dead-letters";
import type { SourceMetric } from "@/lib/overview";
import type { RabbitQueueDto } from "@/lib/rabbitmq";
import { seriesKey } from "@/lib/series-key";
import type { MetricPoint, Sample } from "@/server/brokers/adapter";

// The overview's three numbers per source and tick, one definition per kind, all sums over rows
// the tick's snapshot already holds (Celery's finished and failed tasks come from its task
// history in the store): no broker call. null is "not known this tick": no point, a gap.

export type SourceTotals = Record<SourceMetric, number | null>;

/** Growing counters by key at one tick (BullMQ's completed jobs per queue). */
export interface CounterReading {
  at: number;
  counters: ReadonlyMap<string, number>;
}

/** Celery's numbers from the task history: tasks finished (succeeded or failed) since a time, and failed tasks kept. */
export interface CeleryCounts {
  finished: number;
  failed: number;
}

/** Celery's throughput is the tasks finished over this window, per second (events arrive in batches). */
export const CELERY_RATE_WINDOW_MS = 60_000;

export interface TotalsInput {
  sample: Sample;
  at: number;
  /** The previous tick's counters (BullMQ), for a rate. */
  prev?: CounterReading;
  /** Celery only: from the task history over the last CELERY_RATE_WINDOW_MS. */
  celery?: CeleryCounts;
}

export interface TotalsOutput {
  totals: SourceTotals;
  /** Counters to hand back as `prev` on the next tick. */
  counters?: CounterReading;
}

const list = <T>(sample: Sample, name: string) => (sample.lists[name] ?? []) as T[];
const sum = <T>(rows: readonly T[], of: (r: T) => number) => rows.reduce((n, r) => n + of(r), 0);

/** Per second, from two readings of growing counters: keys in both, a shrinking counter (a trimmed set) counts 0. */
export function counterRate(prev: CounterReading | undefined, cur: CounterReading): number | null {
  if (!prev || cur.at <= prev.at) return null;
  let grown = 0;
  for (const [key, v] of cur.counters) {
    const before = prev.counters.get(key);
    if (before !== undefined && v > before) grown += v - before;
  }
  return grown / ((cur.at - prev.at) / 1000);
}

/** Messages in every queue; acks per second (deliveries where nothing acks: auto-ack, basic.get); messages in dead-letter queues. */
function rabbitmq({ sample }: TotalsInput): TotalsOutput {
  const queues = list<RabbitQueueDto>(sample, "queues");
  return {
    totals: {
      depth: sum(queues, (q) => q.depth ?? 0),
      throughput: sum(queues, (q) => q.rates.ack || q.rates.out),
      deadLetters: sum(queues, (q) => (q.deadLetter?.isDeadLetterQueue ? (q.depth ?? 0) : 0)),
    },
  };
}

/**
 * Jobs not finished (waiting, prioritized, waiting for children, delayed, active); jobs completed
 * per second, from BullMQ's own counter where workers record metrics, else the completed set's
 * growth (which misses jobs removed on completion); jobs in the failed sets.
 */
function bullmq({ sample, at, prev }: TotalsInput): TotalsOutput {
  const queues = list<BullQueueDto>(sample, "queues");
  const counters = new Map<string, number>();
  for (const q of queues) counters.set(`${q.id}:set`, q.counts.completed);
  for (const p of sample.metrics) {
    if (p.metric !== "completedTotal") continue;
    // The counter replaces the set's size for that queue; a new key, so a switch is no jump.
    const id = p.entity.slice(seriesKey.queue("").length);
    counters.delete(`${id}:set`);
    counters.set(`${id}:total`, p.value);
  }
  const reading = { at, counters };
  return {
    totals: {
      depth: sum(queues, (q) => q.depth + q.counts.active),
      throughput: counterRate(prev, reading),
      deadLetters: sum(queues, (q) => q.counts.failed),
    },
    counters: reading,
  };
}

/**
 * Lag of every group; records consumed per second over the groups with a rate (a group's first
 * tick has none; unknown while no group has one); records in dead-letter topics.
 */
function kafka({ sample }: TotalsInput): TotalsOutput {
  const groups = list<KafkaGroupDto>(sample, "groups");
  const rates = groups.flatMap((g) => (g.consumeRate === null ? [] : [g.consumeRate]));
  return {
    totals: {
      depth: sum(groups, (g) => g.lag),
      throughput: groups.length > 0 && rates.length === 0 ? null : sum(rates, (r) => r),
      deadLetters: sum(list<DeadLetterTopicItemDto>(sample, "dead-letters"), (d) => d.count),
    },
  };
}

/** Tasks waiting in the watched queues; tasks succeeded or failed per second; failed tasks the history keeps. */
function celery({ sample, celery }: TotalsInput): TotalsOutput {
  return {
    totals: {
      depth: sum(list<CeleryQueueDto>(sample, "queues"), (q) => q.depth),
      throughput: celery ? celery.finished / (CELERY_RATE_WINDOW_MS / 1000) : null,
      deadLetters: celery ? celery.failed : null,
    },
  };
}

export const SOURCE_TOTALS: Record<BrokerKind, (input: TotalsInput) => TotalsOutput> = { rabbitmq, bullmq, kafka, celery };

/** The totals as points of the source's own series (seriesKey.source()). */
export function totalsPoints(totals: SourceTotals): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const [metric, value] of Object.entries(totals)) {
    if (value !== null && Number.isFinite(value)) points.push({ entity: seriesKey.source(), metric, value });
  }
  return points;
}
