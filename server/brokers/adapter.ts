import "server-only";
import { OPERATION_NAMES, VIEW_NAMES, type BrokerKind, type Capabilities, type OperationName, type ViewName } from "@/lib/dto";
import { unsupported } from "@/server/errors";
import type { PeekOps, PublishOps, PurgeOps, ReplayOps } from "./ops/messages";
import type { JobOps, PauseOps, QueueLimitOps } from "./ops/jobs";
import type { RevokeOps, TaskRateLimitOps, TaskRetryOps, TaskTypeOps, WorkerConsumerOps, WorkerDetailOps, WorkerPoolOps } from "./ops/tasks";
import type { OffsetResetOps } from "./ops/groups";
import type { ProduceOps, TopicPurgeOps, TopicReads, TopicReplayOps } from "./ops/topics";

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
 * Every optional operation, by its capability name. An adapter's `ops` holds the ones it can
 * do; its capability flags are derived from them (capabilitiesOf), so a flag cannot be true
 * without the operations behind it.
 */
export interface AdapterOps {
  jobs: JobOps;
  peek: PeekOps;
  purge: PurgeOps;
  publish: PublishOps;
  replay: ReplayOps;
  pause: PauseOps;
  queueRateLimit: QueueLimitOps;
  taskRateLimit: TaskRateLimitOps;
  revoke: RevokeOps;
  offsetReset: OffsetResetOps;
  produce: ProduceOps;
  topicPurge: TopicPurgeOps;
  topicReplay: TopicReplayOps;
  taskTypes: TaskTypeOps;
  workerDetail: WorkerDetailOps;
  workerPool: WorkerPoolOps;
  workerConsumers: WorkerConsumerOps;
  taskRetry: TaskRetryOps;
}

// Compile-time: AdapterOps and lib/dto.ts OPERATION_NAMES name the same operations.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const opsMatchNames: Same<keyof AdapterOps, OperationName> = true;
void opsMatchNames;

/**
 * Every broker kind implements this. Required: connect, health, sample, close, plus the lists
 * it shows (`views`) and the optional operations it can run (`ops`).
 */
export interface BrokerAdapter<O extends Partial<AdapterOps> = Partial<AdapterOps>> {
  readonly kind: BrokerKind;
  /** Lists served from the collector's snapshot. */
  readonly views: readonly ViewName[];
  readonly ops: O;
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
  /**
   * Live detail of one consumer group by its id (capability consumerGroups); throws a domain
   * not_found when it does not exist.
   */
  groupDetail?(groupId: string): Promise<unknown>;
  /** The `topics` view's live reads (topic page, message browser); required when it announces `topics`. */
  readonly topicReads?: TopicReads;
}

/** The flags the API reports and the UI switches on: what the adapter's views and ops say. */
export function capabilitiesOf(adapter: BrokerAdapter): Capabilities {
  const flags = {} as Capabilities;
  for (const v of VIEW_NAMES) flags[v] = adapter.views.includes(v);
  for (const o of OPERATION_NAMES) flags[o] = adapter.ops[o] !== undefined;
  return flags;
}

/** The adapter's operations of one capability, or a domain `unsupported` error. */
export function requireOps<K extends OperationName>(adapter: BrokerAdapter, name: K): AdapterOps[K] {
  const ops = adapter.ops[name];
  if (!ops) throw unsupported(name);
  return ops as AdapterOps[K];
}

/** The adapter's topic page and message browser, or a domain `unsupported` error. */
export function requireTopicReads(adapter: BrokerAdapter): TopicReads {
  if (!adapter.views.includes("topics") || !adapter.topicReads) throw unsupported("topics");
  return adapter.topicReads;
}

/** A sample that carries only health: what a down source (or a bare adapter) reports. */
export function healthOnlySample(health: Health): Sample {
  return { health, lists: {}, stats: {}, metrics: [] };
}
