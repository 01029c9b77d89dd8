// The adapter contract battery's vocabulary: what every broker kind's fixture provides,
// and the capability names every kind announces (issue 7, "Decisions" 1).
import type { BrokerKind } from "@/lib/dto";
import type { SourceConfig } from "@/lib/config-schema";
import type { ApiClient } from "../server";

/** Views: lists the API serves from the collector's snapshot. */
export const VIEW_CAPABILITIES = ["queues", "consumerGroups", "workers", "tasks", "deadLetters", "topics"] as const;
/** Operations a viewer may use (reads). */
export const READ_OPERATIONS = ["peek", "taskTypes", "workerDetail"] as const;
/** Operations that change the broker: operator role, audited, a viewer's attempt is a denied audit row. */
export const ACTION_CAPABILITIES = ["jobs", "purge", "publish", "replay", "pause", "queueRateLimit", "taskRateLimit", "revoke", "offsetReset", "produce", "topicPurge", "topicReplay", "workerPool", "workerConsumers", "taskRetry"] as const;
/** Every capability name a source may announce; anything else (e.g. the old `rateLimit`) is a contract break. */
export const ALL_CAPABILITIES: readonly string[] = [...VIEW_CAPABILITIES, ...READ_OPERATIONS, ...ACTION_CAPABILITIES];

/** The running Celery tasks (the snapshot list); plain `tasks` is the task history. */
export const ACTIVE_TASKS = "tasks?active=1";

/**
 * The API lists each view serves, and the detail route that must accept their items' ids
 * (null: that list has no detail route yet, so only the list route is checked).
 */
export const VIEW_LISTS: Record<
  (typeof VIEW_CAPABILITIES)[number],
  { list: string; sampleList?: string; detail: ((id: string, capabilities: Record<string, boolean>) => string | null) | null }[]
> = {
  queues: [{ list: "queues", sampleList: "queues", detail: (id) => `queues/${encodeURIComponent(id)}` }],
  // Dead letters are queues (their ids open the queue detail), topics on a source with topics, or
  // on Celery task names (no detail of their own: the contract's deadLetters exercise reads them).
  deadLetters: [
    {
      list: "dead-letters",
      detail: (id, caps) => (caps.topics ? `topics/${encodeURIComponent(id)}` : caps.workers ? null : `queues/${encodeURIComponent(id)}`),
    },
  ],
  consumerGroups: [{ list: "groups", sampleList: "groups", detail: (id) => `groups/${encodeURIComponent(id)}` }],
  workers: [{ list: "workers", sampleList: "workers", detail: (id) => `workers/${encodeURIComponent(id)}` }],
  // Running tasks from the snapshot; task pages read the event history, which a task only
  // reaches once its events arrived (tests/integration/celery-history.test.ts covers them).
  tasks: [{ list: ACTIVE_TASKS, sampleList: "tasks", detail: null }],
  topics: [{ list: "topics", sampleList: "topics", detail: (id) => `topics/${encodeURIComponent(id)}` }],
};

/** The password every "down" source carries in its URL; no response, error or log may show it. */
export const DOWN_SECRET = "s3cret-pw-contract";
/** A loopback port nothing listens on (and, below 1024, nothing unprivileged may bind). */
export const DOWN_PORT = 1;

export type Json = Record<string, any>;

/** What an exercise gets: an admin client and the source's API base path. */
export interface ContractContext {
  admin: ApiClient;
  /** `/api/v1/sources/<id>` */
  base: string;
}

/** Drives one capability through its route and asserts the effect read back from the broker or API. */
export type Exercise = (ctx: ContractContext) => Promise<void>;

/** One request a viewer must be refused (403, audited as denied). Paths are relative to `base`. */
export interface ActionAttempt {
  method: "POST" | "PUT" | "DELETE";
  path: string;
  body?: unknown;
  /** The readable audit target the denial must name ("Decisions" 5). */
  target: string;
}

export interface KindFixture {
  kind: BrokerKind;
  /** The live source, on this run's own vhost / prefix / topic / Redis db. */
  source: SourceConfig;
  /** The same kind at an unreachable loopback port, DOWN_SECRET in its URL. */
  downSource: SourceConfig;
  /** Seeds real data with names unique to the run. */
  setup(): Promise<void>;
  /** Seeding that needs the QueueDeck server running (e.g. what only its event receiver sees). */
  afterServerStart?(ctx: ContractContext): Promise<void>;
  cleanup(): Promise<void>;
  /** Is this API list item one this run seeded? The brokers are shared with other runs. */
  ours(list: string, item: Json): boolean;
  /** capability -> exercise. The battery fails when an announced capability has no entry. */
  exercises: Record<string, Exercise>;
  /** action capability -> a request a viewer makes with it. */
  viewerAttempts: Record<string, (ctx: ContractContext) => Promise<ActionAttempt>>;
}
