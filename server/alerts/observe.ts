import type { BrokerKind } from "@/lib/dto";
import type { RabbitQueueDto } from "@/lib/rabbitmq";
import { parseQueueId } from "@/lib/rabbitmq";
import type { BullQueueDto } from "@/lib/bullmq";
import type { DeadLetterTopicItemDto } from "@/lib/kafka-dead-letters";
import { fromBase64url } from "@/lib/base64url";
import type { Sample } from "@/server/brokers/adapter";

// What rules are checked against: one tick's numbers by metric, each under the human name of
// its queue, group, topic or task. Built from the snapshot alone, never a broker call.

export interface Observation {
  /** The name alerts show: `queue`, or `vhost/queue` outside RabbitMQ's default vhost. */
  entity: string;
  /** Every name a pattern may match (RabbitMQ: the queue name and `vhost/queue`). */
  names: readonly string[];
  value: number;
}

export type Observations = Map<string, Observation[]>;

/** Failed tasks not sent again, by task name: Celery's dead letters, read from the task history. */
export interface CeleryFailures {
  name: string;
  count: number;
}

interface Named {
  entity: string;
  names: readonly string[];
}

/** Names decoded from series keys, kept across ticks: 10,000 queue ids are not decoded each tick. */
export class NameCache {
  private readonly names = new Map<string, Named | null>();
  private static readonly MAX = 200_000;

  of(kind: BrokerKind, key: string): Named | null {
    let n = this.names.get(key);
    if (n === undefined) {
      if (this.names.size >= NameCache.MAX) this.names.clear();
      n = nameOfKey(kind, key);
      this.names.set(key, n);
    }
    return n;
  }
}

/** Series keys of lib/series-key.ts -> names; vhost sums and source-wide points have none. */
function nameOfKey(kind: BrokerKind, key: string): Named | null {
  const colon = key.indexOf(":");
  if (colon < 0) return null;
  const type = key.slice(0, colon);
  const id = key.slice(colon + 1);
  if (type === "group" || type === "topic") return plain(id);
  if (type !== "queue") return null;
  if (kind === "rabbitmq") {
    const ref = parseQueueId(id);
    return ref ? rabbitNamed(ref.vhost, ref.name) : plain(id);
  }
  if (kind === "bullmq") return plain(fromBase64url(id, { lenient: true }) ?? id);
  return plain(id);
}

const plain = (name: string): Named => ({ entity: name, names: [name] });

function rabbitNamed(vhost: string, name: string): Named {
  const qualified = `${vhost}/${name}`;
  return { entity: vhost === "/" ? name : qualified, names: [name, qualified] };
}

/**
 * The tick's observations of the `wanted` metrics. `fresh` is false when the tick read no lists
 * (the source is down or its listing failed): then only `sourceDown` is known, and alerts on
 * anything else keep their state rather than resolve on missing numbers.
 */
export function observe(
  kind: BrokerKind,
  sample: Sample,
  fresh: boolean,
  wanted: ReadonlySet<string>,
  cache: NameCache,
  celeryFailures: readonly CeleryFailures[] = [],
): { observations: Observations; fresh: boolean } {
  const out: Observations = new Map();
  if (wanted.has("sourceDown")) out.set("sourceDown", [{ entity: "", names: [""], value: sample.health.status === "down" ? 1 : 0 }]);
  if (!fresh) return { observations: out, fresh };
  for (const p of sample.metrics) {
    if (!wanted.has(p.metric)) continue;
    const named = cache.of(kind, p.entity);
    if (!named) continue;
    let list = out.get(p.metric);
    if (!list) out.set(p.metric, (list = []));
    list.push({ entity: named.entity, names: named.names, value: p.value });
  }
  if (wanted.has("deadLetters")) out.set("deadLetters", deadLetters(kind, sample, celeryFailures));
  return { observations: out, fresh };
}

/** Dead letters held, by where they are: the same reading of the lists as the dead-letter inbox. */
function deadLetters(kind: BrokerKind, sample: Sample, celeryFailures: readonly CeleryFailures[]): Observation[] {
  switch (kind) {
    case "rabbitmq":
      return ((sample.lists.queues ?? []) as RabbitQueueDto[])
        .filter((q) => q.deadLetter?.isDeadLetterQueue)
        .map((q) => ({ ...rabbitNamed(q.vhost, q.name), value: q.depth ?? 0 }));
    case "bullmq":
      return ((sample.lists.queues ?? []) as BullQueueDto[]).map((q) => ({ ...plain(q.name), value: q.counts.failed ?? 0 }));
    case "kafka":
      return ((sample.lists["dead-letters"] ?? []) as DeadLetterTopicItemDto[]).map((d) => ({ ...plain(d.topic), value: d.count }));
    case "celery":
      // Failed Celery tasks live in the task history, not in the tick's snapshot: the engine reads them.
      return celeryFailures.map((f) => ({ ...plain(f.name), value: f.count }));
  }
}
