import type { Grant } from "./grants";
// Shapes the API returns. Isomorphic: pages and route handlers share them.

export const BROKER_KINDS = ["rabbitmq", "kafka", "bullmq", "celery"] as const;
export type BrokerKind = (typeof BROKER_KINDS)[number];

export type Role = "viewer" | "operator" | "admin";

/** Lists a kind can show (served from the collector's snapshot). */
export const VIEW_NAMES = ["queues", "consumerGroups", "workers", "tasks", "deadLetters", "topics"] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/**
 * Operations a kind can run. Each one is an interface of server/brokers/adapter.ts `AdapterOps`:
 * jobs, peek, purge, publish, replay, pause (BullMQ pause/resume), queueRateLimit (BullMQ: a
 * queue's global rate limit and concurrency), taskRateLimit (Celery: per task type, per worker),
 * revoke (Celery), offsetReset (Kafka: a consumer group's offsets, and deleting the group),
 * produce / topicPurge / topicReplay (Kafka: a message to a topic, DeleteRecords, dead-letter topic replay),
 * taskTypes / workerDetail (Celery reads: task types with each worker's rate limit; one worker's
 * queues and tasks), workerPool / workerConsumers (Celery: pool size or autoscale; stop and start
 * consuming a queue), taskRetry (Celery: send a failed or revoked task again).
 */
export const OPERATION_NAMES = ["jobs", "peek", "purge", "publish", "replay", "pause", "queueRateLimit", "taskRateLimit", "revoke", "offsetReset", "produce", "topicPurge", "topicReplay", "taskTypes", "workerDetail", "workerPool", "workerConsumers", "taskRetry"] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

/**
 * What an adapter can do; API routes and UI switch on these, never on `kind`. Derived on the
 * server from the adapter's views and ops (capabilitiesOf), never written by hand.
 */
export type Capabilities = Record<ViewName | OperationName, boolean>;

export type SourceStatus = "up" | "down";

export interface SourceSummary {
  id: string;
  kind: BrokerKind;
  name: string;
  status: SourceStatus;
  /** Broker's own error text, credentials removed. */
  error?: string;
  /** Up, but part of the broker's API is unreachable (e.g. management API down, AMQP fine). */
  degraded?: string;
  version?: string;
  sampledAt?: string;
  /** The QueueDeck replica sampling the source now (QUEUEDECK_REPLICA_ID, by default host:pid); absent while none does. */
  sampledBy?: string;
  /** The config's labels, which grants may name as "tag:<tag>". */
  tags?: string[];
  capabilities: Capabilities;
  /** Short facts for the overview card: e.g. { queues: 12, messages: 340 }. */
  stats?: Record<string, number>;
}

/**
 * What kind of caller an audit row names; with `actorId` it cannot be spoofed by a name (a token
 * called "admin" is kind "token", the built-in QUEUEDECK_ADMIN_TOKEN is "env-token").
 */
export const ACTOR_KINDS = ["user", "token", "env-token", "system", "anonymous"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export interface AuditEntry {
  id: number;
  at: string;
  /** Readable name: a username, "token:<name>", or "unknown user (#<hash>)". */
  actor: string;
  actorKind: ActorKind;
  /** Username key, token id, or the hash of an unknown name. */
  actorId?: string;
  action: string;
  source?: string;
  target?: string;
  params?: Record<string, unknown>;
  outcome: "ok" | "denied" | "failed";
  counts?: Record<string, number>;
  error?: string;
}

export interface UserSummary {
  username: string;
  /** The role on every source (its "*" grants); null when all its grants name sources. */
  role: Role | null;
  /** Roles per source (lib/grants.ts); `role` alone is shorthand for [{role, sources: "*"}]. */
  grants: Grant[];
  /** Signs in through single sign-on only (no password here): "oidc". */
  external?: "oidc";
  createdAt: string;
  /** A disabled user cannot sign in and has no sessions. */
  disabled: boolean;
  /** Live sessions (browsers signed in). */
  sessions: number;
  passwordChangedAt?: string;
}

export interface ApiTokenInfo {
  id: number;
  name: string;
  /** The role on every source (its "*" grants); null when all its grants name sources. */
  role: Role | null;
  grants: Grant[];
  createdBy: string;
  createdAt: string;
  lastUsedAt?: string;
  /** No expiry when absent. */
  expiresAt?: string;
  /** Past its expiry: refused with 401. */
  expired: boolean;
}

export interface Me {
  username: string;
  /** The role on everything ("*" grants): users, tokens, alert rules, the whole audit. Null when every grant names sources. */
  role: Role | null;
  grants: Grant[];
  /** The role on each source this caller may see (hidden sources are absent): the UI shows buttons by it. */
  sources: Record<string, Role>;
  readOnly: boolean;
}

export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** A payload made safe to show: see server/brokers/payload.ts. */
export interface DecodedPayload {
  encoding: "json" | "text" | "binary";
  /** Pretty JSON, text, or hex for binary. Cut at 64 KiB when `truncated`. */
  text: string;
  base64?: string;
  /** Real size in bytes, before any cut. */
  size: number;
  truncated: boolean;
}

/** A point of a time series chart. */
export interface SeriesPointDto {
  t: number;
  v: number;
  min?: number;
  max?: number;
}
