// Every TanStack Query key comes from here, scoped by source first.

/** Lists the server serves from its collector snapshot. */
export type SnapshotListName = "queues" | "topics" | "groups" | "workers" | "tasks" | "exchanges" | "dead-letters";
export const queryKeys = {
  me: () => ["me"] as const,
  sources: () => ["sources"] as const,
  source: (id: string) => ["sources", id] as const,
  queues: (id: string) => ["sources", id, "queues"] as const,
  list: (id: string, list: SnapshotListName) => ["sources", id, list] as const,
  queue: (id: string, queue: string) => ["sources", id, "queues", queue] as const,
  series: (id: string, queue: string, metric: string, range: string) => ["sources", id, "queues", queue, "series", metric, range] as const,
  messages: (id: string, queue: string, limit: number) => ["sources", id, "queues", queue, "messages", limit] as const,
  deadLetters: (id: string) => ["sources", id, "dead-letters"] as const,
  exchanges: (id: string) => ["sources", id, "exchanges"] as const,
  jobs: (id: string, queue: string, state: string, cursor?: string) => ["sources", id, "queues", queue, "jobs", state, cursor ?? ""] as const,
  job: (id: string, queue: string, jobId: string) => ["sources", id, "queues", queue, "job", jobId] as const,
  audit: (filter: { source?: string; action?: string; cursor?: number } = {}) => ["audit", filter] as const,
  auditMarkers: (source: string, from: number, to: number) => ["audit", "markers", source, from, to] as const,
  attention: () => ["attention"] as const,
  overviewSeries: (metric: string, range: string, points: number) => ["overview", "series", metric, range, points] as const,
  inbox: (filter: Record<string, string | undefined>) => ["dead-letter-inbox", filter] as const,
  /** Every filter's inbox: what an inbox action makes stale. */
  inboxAll: () => ["dead-letter-inbox"] as const,
  /** A reason group action's dry run (outside the inbox's keys: refreshing the inbox must not recount an open dialog). */
  inboxPlan: (body: { source: string; id: string; signature: string }) => ["dead-letter-plan", body] as const,
  alerts: (cursor?: number) => ["alerts", "events", cursor ?? 0] as const,
  alertRules: () => ["alerts", "rules"] as const,
  webhooks: () => ["alerts", "webhooks"] as const,
  users: () => ["users"] as const,
  tokens: () => ["tokens"] as const,
  operation: (id: string) => ["operations", id] as const,
  topic: (id: string, topic: string) => ["sources", id, "topics", topic] as const,
  topicMessages: (id: string, topic: string, query: string) => ["sources", id, "topics", topic, "messages", query] as const,
  taskTypes: (id: string) => ["sources", id, "task-types"] as const,
  worker: (id: string, hostname: string) => ["sources", id, "workers", hostname] as const,
  // Celery task history: under "tasks", so forgetting the source's tasks forgets these too.
  celeryTaskPages: (id: string, filter: string) => ["sources", id, "tasks", "history", filter] as const,
  celeryTask: (id: string, taskId: string) => ["sources", id, "tasks", "task", taskId] as const,
  celeryTaskStats: (id: string, name: string, range: string) => ["sources", id, "tasks", "stats", name, range] as const,
  celeryPeriodicTasks: (id: string) => ["sources", id, "tasks", "periodic"] as const,
};
