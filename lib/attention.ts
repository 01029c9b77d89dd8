import type { BrokerKind } from "./dto";

// What needs attention across every source, and one "time behind" number per consumer.

export type Trend = "rising" | "falling" | "stable";

/** A consumer of any kind: a Kafka group, a RabbitMQ queue's consumers, a BullMQ queue's workers, a Celery queue's workers. */
export interface ConsumerBehindDto {
  id: string;
  source: string;
  sourceName: string;
  kind: BrokerKind;
  /** The group or queue the consumer reads. */
  name: string;
  /** Messages (or jobs, tasks) not consumed yet. */
  backlog: number;
  /**
   * Seconds behind: Kafka's lag in time; elsewhere backlog / the rate it is consumed at (ack,
   * completion, success). null when nothing is consumed (see `stalled`) or the rate is not known yet.
   */
  secondsBehind: number | null;
  /** Backlog with no consumption at all in the last minutes. */
  stalled: boolean;
  /** Backlog over the last 5 minutes, from the store's history; null without enough history. */
  trend: Trend | null;
  /** At the current net rate; null when it does not shrink. */
  timeToDrainSeconds: number | null;
  /** How the seconds were worked out, for the tooltip. */
  basis: string;
  href: string;
}

export type AttentionCategory = "source-down" | "source-degraded" | "alert" | "dead-letters-growing" | "dead-letters-held" | "falling-behind" | "no-consumer" | "worker-offline";
export type Severity = "critical" | "warning" | "info";

export interface AttentionItemDto {
  id: string;
  category: AttentionCategory;
  severity: Severity;
  /** Higher first: the ranking's own number (category weight plus how bad it is). */
  score: number;
  source: string;
  sourceName: string;
  kind: BrokerKind;
  title: string;
  detail: string;
  href: string;
}

export interface AttentionDto {
  items: AttentionItemDto[];
  behind: ConsumerBehindDto[];
  at: string;
}
