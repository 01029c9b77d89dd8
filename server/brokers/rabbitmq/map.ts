import "server-only";
import type { MetricPoint } from "../adapter";
import type { Overview, QueueItem } from "./schemas";

/** One row of the queues list, as the API serves it from the snapshot. */
export interface RabbitQueue {
  /** Opaque and URL-safe: base64url of `vhost\0name` (both may contain any character but NUL). */
  id: string;
  name: string;
  vhost: string;
  type: string;
  /** "running", "idle", "flow", "down", ... null until the broker's first stats emission. */
  state: string | null;
  /** Ready + unacknowledged. Null (not 0) while the broker has not reported it yet. */
  depth: number | null;
  ready: number | null;
  unacked: number | null;
  consumers: number | null;
  /** Messages per second: in = publish, out = deliver_get (deliveries + basic.get). */
  rates: { in: number; out: number };
  arguments: Record<string, unknown>;
  /** Name of the user policy applied, if any. */
  policy: string | null;
}

export function queueId(vhost: string, name: string): string {
  return Buffer.from(`${vhost}\u0000${name}`, "utf8").toString("base64url");
}

/** Inverse of queueId; null when the id is not one of ours. */
export function parseQueueId(id: string): { vhost: string; name: string } | null {
  if (!/^[A-Za-z0-9_-]*$/.test(id)) return null;
  const text = Buffer.from(id, "base64url").toString("utf8");
  const nul = text.indexOf("\u0000");
  if (nul < 0) return null;
  return { vhost: text.slice(0, nul), name: text.slice(nul + 1) };
}

export function mapQueue(q: QueueItem): RabbitQueue {
  return {
    id: queueId(q.vhost, q.name),
    name: q.name,
    vhost: q.vhost,
    type: q.type ?? "classic",
    state: q.state ?? null,
    depth: q.messages ?? null,
    ready: q.messages_ready ?? null,
    unacked: q.messages_unacknowledged ?? null,
    consumers: q.consumers ?? null,
    rates: {
      in: q.message_stats?.publish_details?.rate ?? 0,
      out: q.message_stats?.deliver_get_details?.rate ?? 0,
    },
    arguments: q.arguments ?? {},
    policy: q.policy || null,
  };
}

/** Entity key for the time-series store. */
/** Series are keyed by the opaque queue id, the same one the API routes carry. */
export const queueEntity = (q: Pick<RabbitQueue, "id">) => `queue:${q.id}`;

export function queueStats(queues: RabbitQueue[], total: number): Record<string, number> {
  let messages = 0;
  let consumers = 0;
  for (const q of queues) {
    messages += q.depth ?? 0;
    consumers += q.consumers ?? 0;
  }
  return { queues: total, messages, consumers };
}

export function queueMetrics(queues: RabbitQueue[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  let messages = 0;
  for (const q of queues) {
    const entity = queueEntity(q);
    // A depth not yet reported is a gap in the chart, not a drop to zero.
    if (q.depth !== null) {
      points.push({ entity, metric: "depth", value: q.depth });
      messages += q.depth;
    }
    points.push({ entity, metric: "in", value: q.rates.in });
    points.push({ entity, metric: "out", value: q.rates.out });
  }
  points.push({ entity: "", metric: "messages", value: messages });
  return points;
}

/** "RabbitMQ 3.10.8 (Erlang 25.2.3)" from /api/overview. */
export function versionText(o: Overview): string | undefined {
  const product = o.product_name || "RabbitMQ";
  const version = o.product_version || o.rabbitmq_version;
  if (!version) return undefined;
  return o.erlang_version ? `${product} ${version} (Erlang ${o.erlang_version})` : `${product} ${version}`;
}
