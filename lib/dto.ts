// Shapes the API returns. Isomorphic: pages and route handlers share them.

export const BROKER_KINDS = ["rabbitmq", "kafka", "bullmq", "celery"] as const;
export type BrokerKind = (typeof BROKER_KINDS)[number];

export type Role = "viewer" | "operator" | "admin";

/** What an adapter can do; API routes and UI switch on these, never on `kind`. */
export interface Capabilities {
  queues: boolean;
  consumerGroups: boolean;
  jobs: boolean;
  workers: boolean;
  tasks: boolean;
  deadLetters: boolean;
  peek: boolean;
  purge: boolean;
  replay: boolean;
  publish: boolean;
  pause: boolean;
  rateLimit: boolean;
  revoke: boolean;
  offsetReset: boolean;
}

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
  capabilities: Capabilities;
  /** Short facts for the overview card: e.g. { queues: 12, messages: 340 }. */
  stats?: Record<string, number>;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
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
  role: Role;
  createdAt: string;
}

export interface Me {
  username: string;
  role: Role;
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
