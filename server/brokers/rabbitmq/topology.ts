import "server-only";
import type { DeadLetterDto } from "@/lib/rabbitmq";
import type { BindingItem, ExchangeItem } from "./schemas";

/** Where a queue's dead letters go, and which queues dead-letter into it: the DTO the API returns. */
export type DeadLetterInfo = DeadLetterDto;

export interface TopologyQueue {
  name: string;
  vhost: string;
  arguments?: Record<string, unknown>;
  effective_policy_definition?: Record<string, unknown> | null;
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** Queue arguments overrule policy keys, each key on its own (RabbitMQ's documented precedence). */
export function deadLetterConfig(q: TopologyQueue): Pick<DeadLetterInfo, "exchange" | "routingKey" | "configuredBy"> & { ttl: boolean } {
  const args = q.arguments ?? {};
  const pol = q.effective_policy_definition ?? {};
  const argExchange = str(args["x-dead-letter-exchange"]);
  const exchange = argExchange ?? str(pol["dead-letter-exchange"]);
  const routingKey = str(args["x-dead-letter-routing-key"]) ?? str(pol["dead-letter-routing-key"]);
  const ttl = args["x-message-ttl"] !== undefined || pol["message-ttl"] !== undefined;
  return { exchange, routingKey, configuredBy: exchange === null ? null : argExchange !== null ? "argument" : "policy", ttl };
}

/** AMQP topic matching: `*` is exactly one word, `#` zero or more. */
export function topicMatches(pattern: string, key: string): boolean {
  const p = pattern.split(".");
  const k = key.split(".");
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const id = `${i},${j}`;
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === p.length) r = j === k.length;
    else if (p[i] === "#") r = go(i + 1, j) || (j < k.length && go(i, j + 1));
    else r = j < k.length && (p[i] === "*" || p[i] === k[j]) && go(i + 1, j + 1);
    memo.set(id, r);
    return r;
  };
  return go(0, 0);
}

const MAX_HOPS = 5;

/**
 * Computes dead-letter routes from queue arguments, effective policies, exchange types and
 * bindings. When a queue sets no dead-letter routing key its messages keep their own keys,
 * which we cannot know: we assume the common case, the queue's own name (messages published
 * through the default exchange), and match bindings against it.
 */
export function deadLetterTopology(
  queues: readonly TopologyQueue[],
  exchanges: readonly ExchangeItem[],
  bindings: readonly BindingItem[],
): Map<TopologyQueue, DeadLetterInfo> {
  const key = (vhost: string, name: string) => `${vhost}\u0000${name}`;
  const queueNames = new Set(queues.map((q) => key(q.vhost, q.name)));
  const exchangeType = new Map(exchanges.map((e) => [key(e.vhost, e.name), e.type]));
  const bySource = new Map<string, BindingItem[]>();
  for (const b of bindings) {
    const k = key(b.vhost, b.source);
    const list = bySource.get(k);
    if (list) list.push(b);
    else bySource.set(k, [b]);
  }

  const route = (vhost: string, exchange: string, routingKey: string, hops: number, seen: Set<string>): string[] => {
    if (exchange === "") return queueNames.has(key(vhost, routingKey)) ? [routingKey] : [];
    const id = key(vhost, exchange);
    if (hops > MAX_HOPS || seen.has(id)) return [];
    seen.add(id);
    const type = exchangeType.get(id) ?? "direct";
    const out: string[] = [];
    for (const b of bySource.get(id) ?? []) {
      const matches =
        type === "direct" ? b.routing_key === routingKey : type === "topic" ? topicMatches(b.routing_key, routingKey) : true; // fanout, headers, plugins: may route anywhere bound
      if (!matches) continue;
      if (b.destination_type === "queue") out.push(b.destination);
      else out.push(...route(vhost, b.destination, routingKey, hops + 1, seen));
    }
    return [...new Set(out)];
  };

  const result = new Map<TopologyQueue, DeadLetterInfo>();
  const originsOf = new Map<string, string[]>();
  for (const q of queues) {
    const cfg = deadLetterConfig(q);
    const targets =
      cfg.exchange === null ? [] : route(q.vhost, cfg.exchange, cfg.routingKey ?? q.name, 0, new Set()).filter((t) => t !== q.name);
    const retry = cfg.ttl && cfg.exchange === "" && cfg.routingKey !== null && targets.length === 1;
    if (!retry) {
      for (const t of targets) {
        const k = key(q.vhost, t);
        const list = originsOf.get(k);
        if (list) list.push(q.name);
        else originsOf.set(k, [q.name]);
      }
    }
    result.set(q, {
      isDeadLetterQueue: false,
      origins: [],
      target: targets[0] ?? null,
      targets,
      exchange: cfg.exchange,
      routingKey: cfg.routingKey,
      configuredBy: cfg.configuredBy,
      retry,
    });
  }
  for (const [q, info] of result) {
    const origins = originsOf.get(key(q.vhost, q.name));
    if (origins) {
      info.isDeadLetterQueue = true;
      info.origins = origins.sort();
    }
  }
  return result;
}
