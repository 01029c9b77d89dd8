import "server-only";
import { parseQueueId as parseQueueIdOfLib, queueIdOf, vhostIdOf, type DeadLetterDto, type RabbitExchangeDto, type RabbitQueueDto } from "@/lib/rabbitmq";
import { seriesKey } from "@/lib/series-key";
import type { MetricPoint } from "../adapter";
import type { BindingItem, ExchangeItem, Overview, QueueItem } from "./schemas";

/** One row of the queues list, as the API serves it from the snapshot. */
export type RabbitQueue = RabbitQueueDto;

/** The same encoding the UI builds links with (lib/rabbitmq.ts): one definition for both. */
export const queueId = queueIdOf;

/** Inverse of queueId (one definition, in lib/rabbitmq.ts). */
export const parseQueueId = parseQueueIdOfLib;

export const vhostId = vhostIdOf;

export const NO_DEAD_LETTER: DeadLetterDto = {
  isDeadLetterQueue: false,
  origins: [],
  target: null,
  targets: [],
  exchange: null,
  routingKey: null,
  configuredBy: null,
  retry: false,
};

export function mapQueue(q: QueueItem, deadLetter: DeadLetterDto = NO_DEAD_LETTER): RabbitQueue {
  const stats = q.message_stats;
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
    consumerUtilisation: q.consumer_utilisation ?? null,
    rates: {
      in: stats?.publish_details?.rate ?? 0,
      out: stats?.deliver_get_details?.rate ?? 0,
      ack: stats?.ack_details?.rate ?? 0,
      redeliver: stats?.redeliver_details?.rate ?? 0,
    },
    arguments: q.arguments ?? {},
    policy: q.policy || null,
    effectivePolicy: q.effective_policy_definition ?? {},
    deadLetter,
  };
}

export function mapExchanges(exchanges: readonly ExchangeItem[], bindings: readonly BindingItem[], queues: readonly RabbitQueue[]): RabbitExchangeDto[] {
  const key = (vhost: string, name: string) => `${vhost}\u0000${name}`;
  const bySource = new Map<string, RabbitExchangeDto["bindings"]>();
  for (const b of bindings) {
    const k = key(b.vhost, b.source);
    const row = { destination: b.destination, destinationType: b.destination_type, routingKey: b.routing_key };
    const list = bySource.get(k);
    if (list) list.push(row);
    else bySource.set(k, [row]);
  }
  const dlxUsers = new Map<string, string[]>();
  for (const q of queues) {
    if (q.deadLetter.exchange === null) continue;
    const k = key(q.vhost, q.deadLetter.exchange);
    const list = dlxUsers.get(k);
    if (list) list.push(q.name);
    else dlxUsers.set(k, [q.name]);
  }
  return exchanges.map((e) => ({
    id: queueId(e.vhost, e.name),
    name: e.name,
    vhost: e.vhost,
    type: e.type,
    durable: e.durable ?? true,
    internal: e.internal ?? false,
    bindings: bySource.get(key(e.vhost, e.name)) ?? [],
    deadLetterFor: dlxUsers.get(key(e.vhost, e.name)) ?? [],
  }));
}

export function queueStats(queues: RabbitQueue[], total: number): Record<string, number> {
  let messages = 0;
  let consumers = 0;
  let deadLetters = 0;
  for (const q of queues) {
    messages += q.depth ?? 0;
    consumers += q.consumers ?? 0;
    if (q.deadLetter.isDeadLetterQueue) deadLetters += q.depth ?? 0;
  }
  return { queues: total, messages, consumers, deadLetters };
}

export function queueMetrics(queues: RabbitQueue[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  const vhosts = new Map<string, { depth: number | null; in: number; out: number }>();
  let messages = 0;
  for (const q of queues) {
    const entity = seriesKey.queue(q.id);
    let v = vhosts.get(q.vhost);
    if (!v) vhosts.set(q.vhost, (v = { depth: null, in: 0, out: 0 }));
    // A depth not yet reported is a gap in the chart, not a drop to zero.
    if (q.depth !== null) {
      points.push({ entity, metric: "depth", value: q.depth });
      messages += q.depth;
      v.depth = (v.depth ?? 0) + q.depth;
    }
    points.push({ entity, metric: "in", value: q.rates.in });
    points.push({ entity, metric: "out", value: q.rates.out });
    v.in += q.rates.in;
    v.out += q.rates.out;
  }
  for (const [vhost, v] of vhosts) {
    const entity = seriesKey.vhost(vhostId(vhost));
    if (v.depth !== null) points.push({ entity, metric: "depth", value: v.depth });
    points.push({ entity, metric: "in", value: v.in }, { entity, metric: "out", value: v.out });
  }
  points.push({ entity: seriesKey.source(), metric: "messages", value: messages });
  return points;
}

/** "RabbitMQ 3.10.8 (Erlang 25.2.3)" from /api/overview. */
export function versionText(o: Overview): string | undefined {
  const product = o.product_name || "RabbitMQ";
  const version = o.product_version || o.rabbitmq_version;
  if (!version) return undefined;
  return o.erlang_version ? `${product} ${version} (Erlang ${o.erlang_version})` : `${product} ${version}`;
}
