import "server-only";
import type { BrokerKind, Capabilities } from "@/lib/dto";
import type { MessageOps } from "./ops/messages";
import type { JobOps } from "./ops/jobs";

/** Result of a health probe. `error` is the broker's own text, credentials removed. */
export interface Health {
  status: "up" | "down";
  error?: string;
  /** Up, but part of the broker's surface is unreachable. */
  degraded?: string;
  version?: string;
}

/** One number for the time-series store: (entity, metric) -> value at sampledAt. */
export interface MetricPoint {
  /** What the number is about: a key from lib/series-key.ts (which also lists what each kind writes). */
  entity: string;
  metric: string;
  value: number;
}

/** What one collector tick learns about a source. */
export interface Sample {
  health: Health;
  /** Kind-specific lists (queues, groups, workers...) served by the API from the snapshot. */
  lists: Record<string, unknown[]>;
  /** Headline numbers for the overview card. */
  stats: Record<string, number>;
  metrics: MetricPoint[];
}

/**
 * Every broker kind implements this. Required: connect, health, sample, close.
 * Optional operations live on the kind's own interface and are announced by
 * `capabilities`; the API checks the flag before calling them.
 */
export interface BrokerAdapter {
  readonly kind: BrokerKind;
  readonly capabilities: Capabilities;
  /** Opens the long-lived connections. Throws the broker's error when it cannot. */
  connect(): Promise<void>;
  /** Cheap liveness probe with the broker's version. Never throws: a failure is `down`. */
  health(): Promise<Health>;
  /** One collector tick: health plus everything lists and charts need. Never throws. */
  sample(): Promise<Sample>;
  close(): Promise<void>;
  /**
   * Live detail of one queue by its opaque id (from the snapshot's list), or undefined when it
   * does not exist. Optional: without it the API serves the snapshot's list item.
   */
  queueDetail?(queueId: string): Promise<unknown | undefined>;
  /** Present when the kind has message-level operations (see ops/messages.ts). */
  readonly messages?: MessageOps;
  /** Present when the kind has job-level operations (see ops/jobs.ts). */
  readonly jobs?: JobOps;
}

export const NO_CAPABILITIES: Capabilities = {
  queues: false,
  consumerGroups: false,
  jobs: false,
  workers: false,
  tasks: false,
  deadLetters: false,
  peek: false,
  purge: false,
  replay: false,
  publish: false,
  pause: false,
  rateLimit: false,
  revoke: false,
  offsetReset: false,
};

/** A sample that carries only health: what a down source (or a bare adapter) reports. */
export function healthOnlySample(health: Health): Sample {
  return { health, lists: {}, stats: {}, metrics: [] };
}
