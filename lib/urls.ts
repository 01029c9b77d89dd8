import type { SnapshotListName } from "./query-keys";
import { fromBase64url, toBase64url } from "./base64url";
import { parseQueueId, queueIdOf } from "./rabbitmq";
import type { SourceMetric } from "./overview";
import { SOURCE_ENTITY_PARAM } from "./series-key";
import type { TimeRangeId } from "./time-range";

// Every URL the UI builds: page hrefs a person reads (names in the path, each segment encoded)
// and API paths (the opaque ids the list items carry). Nothing else writes "/sources/" or "/api/v1/".

const enc = encodeURIComponent;
type QueryValue = string | number | boolean | null | undefined;

/** `path?k=v&…`, leaving out empty values so a default view has a clean URL. */
export function withQuery(path: string, query: Record<string, QueryValue | readonly string[]> = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    qs.set(k, Array.isArray(v) ? v.join(",") : String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

// ---- pages -------------------------------------------------------------------------------

const sourcePage = (source: string) => `/sources/${enc(source)}`;
const bullQueuePage = (source: string, queue: string) => `${sourcePage(source)}/queues/${enc(queue)}`;

export const pages = {
  overview: () => "/",
  audit: (filter: { source?: string; action?: string } = {}) => withQuery("/audit", filter),
  admin: () => "/admin",
  account: () => "/account",
  signIn: (next?: string) => withQuery("/signin", { next }),
  source: sourcePage,
  deadLetters: (source: string) => `${sourcePage(source)}/dead-letters`,
  /** /dead-letters?kind=kafka&reason=declined: every source's dead letters in one list. */
  inbox: (filter: Record<string, string | undefined> = {}) => withQuery("/dead-letters", filter),
  /** Firing alerts and their history; admins also edit rules and webhooks there. */
  alerts: () => "/alerts",
  /** /sources/rabbit/queues/%2F/demo.orders */
  rabbitQueue: (source: string, vhost: string, queue: string) => `${sourcePage(source)}/queues/${enc(vhost)}/${enc(queue)}`,
  /** /sources/jobs/queues/emails */
  bullQueue: bullQueuePage,
  /** /sources/jobs/queues/emails/jobs/42 */
  bullJob: (source: string, queue: string, jobId: string) => `${bullQueuePage(source, queue)}/jobs/${enc(jobId)}`,
  // Topic and task pages of issue 9: the URLs are fixed now so links written today keep working.
  kafkaTopic: (source: string, topic: string) => `${sourcePage(source)}/topics/${enc(topic)}`,
  kafkaGroup: (source: string, group: string) => `${sourcePage(source)}/groups/${enc(group)}`,
  celeryTask: (source: string, taskId: string) => `${sourcePage(source)}/tasks/${enc(taskId)}`,
  /** /sources/celery/tasks?state=FAILURE&name=demo.add: the task history with its filters. */
  celeryTasks: (source: string, filter: Record<string, string | undefined> = {}) => withQuery(`${sourcePage(source)}/tasks`, filter),
};

// ---- API ---------------------------------------------------------------------------------

/** POST/PUT/DELETE verbs under /queues/{queue}/ (RabbitMQ and BullMQ). */
export type QueueVerb =
  | "purge"
  | "move"
  | "replay"
  | "delayed-retry"
  | "pause"
  | "resume"
  | "retry"
  | "promote"
  | "clean"
  | "drain"
  | "obliterate"
  | "rate-limit"
  | "concurrency";
export type JobVerb = "retry" | "promote" | "cancel";
/** Window of a series read: unix ms. */
export interface SeriesWindow {
  metric: string;
  from: number;
  to: number;
}

const API = "/api/v1";
const sourceApi = (source: string) => `${API}/sources/${enc(source)}`;
const queueApi = (source: string, queueId: string) => `${sourceApi(source)}/queues/${enc(queueId)}`;
const jobApi = (source: string, queueId: string, jobId: string) => `${queueApi(source, queueId)}/jobs/${enc(jobId)}`;
/** The running Celery tasks (collector snapshot); plain .../tasks is the task history. */
const activeTasksApi = (source: string) => `${sourceApi(source)}/tasks?active=1`;

/** Filters of the Celery task history (lib/celery.ts celeryTaskListQuerySchema); from/to unix ms. */
export interface TaskHistoryQuery {
  state?: string | readonly string[];
  name?: string;
  worker?: string;
  q?: string;
  from?: number;
  to?: number;
  cursor?: string;
  limit?: number;
}


export const apiPaths = {
    session: () => `${API}/session`,
    /** GET (a page load, not fetch): off to the identity provider. */
    oidcStart: () => `${API}/session/oidc/start`,
  users: () => `${API}/users`,
  /** PATCH (role, disabled, password) and DELETE of one user. */
  user: (username: string) => `${API}/users/${enc(username)}`,
  /** DELETE: ends every session of the user. */
  userSessions: (username: string) => `${API}/users/${enc(username)}/sessions`,
  /** PUT: the signed-in user's own password. */
  sessionPassword: () => `${API}/session/password`,
  tokens: () => `${API}/tokens`,
  token: (id: number) => `${API}/tokens/${id}`,
  audit: (filter: { limit?: number; source?: string; action?: string; cursor?: number; from?: number; to?: number } = {}) => withQuery(`${API}/audit`, filter),
  operation: (id: string) => `${API}/operations/${enc(id)}`,
  operationCancel: (id: string) => `${API}/operations/${enc(id)}/cancel`,
  sources: () => `${API}/sources`,
  inbox: (filter: Record<string, string | undefined> = {}) => withQuery(`${API}/dead-letters`, filter),
  /** POST: replay or retry one reason group of an inbox row. */
  inboxActions: () => `${API}/dead-letters/actions`,
  attention: () => `${API}/attention`,
  alerts: (page: { limit?: number; cursor?: number } = {}) => withQuery(`${API}/alerts`, page),
  alertRules: () => `${API}/alerts/rules`,
  alertRule: (id: number) => `${API}/alerts/rules/${id}`,
  webhooks: () => `${API}/alerts/webhooks`,
  webhook: (id: number) => `${API}/alerts/webhooks/${id}`,
  source: sourceApi,
  /** A list served from the collector's snapshot: queues, topics, groups, workers, tasks... */
  list: (source: string, list: SnapshotListName) => (list === "tasks" ? activeTasksApi(source) : `${sourceApi(source)}/${list}`),
  queue: queueApi,
  queueVerb: (source: string, queueId: string, verb: QueueVerb) => `${queueApi(source, queueId)}/${verb}`,
  /** POST {limit}: reads the first messages and requeues them. */
  peek: (source: string, queueId: string) => `${queueApi(source, queueId)}/messages/peek`,
  queueSeries: (source: string, queueId: string, w: SeriesWindow) => withQuery(`${queueApi(source, queueId)}/series`, { ...w }),
  vhostSeries: (source: string, vhostId: string, w: SeriesWindow) => withQuery(`${sourceApi(source)}/vhosts/${enc(vhostId)}/series`, { ...w }),
  groupSeries: (source: string, groupId: string, w: SeriesWindow) => withQuery(`${sourceApi(source)}/groups/${enc(groupId)}/series`, { ...w }),
  topicSeries: (source: string, topic: string, w: SeriesWindow) => withQuery(`${sourceApi(source)}/topics/${enc(topic)}/series`, { ...w }),
  /** Any series the collector writes, by its key from lib/series-key.ts ("" the source level, sent as `source`). */
  series: (source: string, entity: string, w: SeriesWindow) => withQuery(`${sourceApi(source)}/series`, { entity: entity || SOURCE_ENTITY_PARAM, ...w }),
  /** Every source's depth, throughput or dead letters (lib/overview.ts), in one answer. */
  overviewSeries: (q: { metric: SourceMetric; range: TimeRangeId; points?: number }) => withQuery(`${API}/overview/series`, q),
  exchangePublish: (source: string, exchangeId: string) => `${sourceApi(source)}/exchanges/${enc(exchangeId)}/publish`,
  jobs: (source: string, queueId: string, p: { state: string; limit: number; cursor?: string }) => withQuery(`${queueApi(source, queueId)}/jobs`, p),
  jobSearch: (source: string, queueId: string, p: { q: string; states: readonly string[]; cursor?: string }) =>
    withQuery(`${queueApi(source, queueId)}/jobs/search`, p),
  throughput: (source: string, queueId: string, w: { from: number; to: number }) => withQuery(`${queueApi(source, queueId)}/jobs/throughput`, { ...w }),
  job: jobApi,
  jobVerb: (source: string, queueId: string, jobId: string, verb: JobVerb) => `${jobApi(source, queueId, jobId)}/${verb}`,
  /** GET: the Celery task history, newest first, one page (CeleryTaskPageDto). */
  tasks: (source: string, query: TaskHistoryQuery = {}) => withQuery(`${sourceApi(source)}/tasks`, { ...query }),
  activeTasks: activeTasksApi,
  /** GET: one task of the history (CeleryTaskDetailDto). */
  task: (source: string, taskId: string) => `${sourceApi(source)}/tasks/${enc(taskId)}`,
  /** GET: per-minute counts and percentiles (CeleryTaskStatsDto) of the source or one task name. */
  taskStats: (source: string, query: { name?: string; from?: number; to?: number } = {}) => withQuery(`${sourceApi(source)}/tasks/stats`, query),
  /** GET: Celery tasks sent at a regular interval, inferred from the history (CeleryPeriodicTaskListDto). */
  periodicTasks: (source: string, window: { from?: number; to?: number } = {}) => withQuery(`${sourceApi(source)}/periodic-tasks`, window),
  taskRevoke: (source: string, taskId: string) => `${sourceApi(source)}/tasks/${enc(taskId)}/revoke`,
  taskTypeRateLimit: (source: string, taskName: string) => `${sourceApi(source)}/task-types/${enc(taskName)}/rate-limit`,
  /** GET: Celery task types with each worker's rate limit (a live read). */
  taskTypes: (source: string) => `${sourceApi(source)}/task-types`,
  /** POST: send a failed or revoked task again (same args, kwargs and routing) -> { taskId, retriedFrom, queue }. */
  taskRetry: (source: string, taskId: string) => `${sourceApi(source)}/tasks/${enc(taskId)}/retry`,
  /** GET: one Celery worker's live detail, by its hostname. */
  worker: (source: string, hostname: string) => `${sourceApi(source)}/workers/${enc(hostname)}`,
  workerVerb: (source: string, hostname: string, verb: "pool" | "consumers") => `${sourceApi(source)}/workers/${enc(hostname)}/${verb}`,
  /** GET (live detail) and DELETE (admin) of a Kafka consumer group by its id. */
  group: (source: string, groupId: string) => `${sourceApi(source)}/groups/${enc(groupId)}`,
  groupOffsets: (source: string, groupId: string) => `${sourceApi(source)}/groups/${enc(groupId)}/offsets`,
  /** GET .../topics/{topic}: the topic page (Kafka). */
  topic: (source: string, topic: string) => `${sourceApi(source)}/topics/${enc(topic)}`,
  /** GET (browse, with the query) or POST (produce) .../topics/{topic}/messages. */
  topicMessages: (source: string, topic: string, query: Record<string, QueryValue> = {}) => withQuery(`${sourceApi(source)}/topics/${enc(topic)}/messages`, query),
  topicVerb: (source: string, topic: string, verb: "purge" | "replay") => `${sourceApi(source)}/topics/${enc(topic)}/${verb}`,
};

// ---- ids behind readable URLs --------------------------------------------------------------

/** The API id of a BullMQ queue: the browser twin of server/brokers/bullmq/map.ts bullQueueId. */
export const bullQueueIdOf = (name: string): string => toBase64url(name);

/** What the path segments after /sources/{s}/queues/ name, per kind; or where an old link now lives. */
export type QueueLocation =
  | { kind: "rabbit-queue"; vhost: string; name: string; queueId: string }
  | { kind: "bull-queue"; name: string; queueId: string }
  | { kind: "bull-job"; name: string; queueId: string; jobId: string }
  | { kind: "redirect"; to: string }
  | { kind: "unknown" };

/** RabbitMQ: [vhost, queue]; an old link's single segment is the base64url of `vhost\0queue`. */
export function rabbitLocation(source: string, segments: readonly string[]): QueueLocation {
  if (segments.length === 2) {
    const [vhost, name] = segments as [string, string];
    return { kind: "rabbit-queue", vhost, name, queueId: queueIdOf(vhost, name) };
  }
  const old = segments.length === 1 && fromBase64url(segments[0]!) !== null ? parseQueueId(segments[0]!) : null;
  if (!old) return { kind: "unknown" };
  return { kind: "redirect", to: pages.rabbitQueue(source, old.vhost, old.name) };
}

/**
 * BullMQ: [queue] or [queue, "jobs", jobId]. A first segment that is no queue's name but some
 * queue's id is an old link: `names` (the snapshot list) tells a queue named like base64 apart.
 */
export function bullLocation(source: string, segments: readonly string[], names: readonly string[]): QueueLocation {
  const [first, jobs, jobId] = segments;
  if (first === undefined || !(segments.length === 1 || (segments.length === 3 && jobs === "jobs"))) return { kind: "unknown" };
  const old = names.includes(first) ? null : fromBase64url(first);
  if (old !== null && names.includes(old)) {
    return { kind: "redirect", to: jobId === undefined ? pages.bullQueue(source, old) : pages.bullJob(source, old, jobId) };
  }
  const queueId = bullQueueIdOf(first);
  return jobId === undefined ? { kind: "bull-queue", name: first, queueId } : { kind: "bull-job", name: first, queueId, jobId };
}
