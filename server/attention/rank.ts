import "server-only";
import type { AttentionItemDto, ConsumerBehindDto, Severity } from "@/lib/attention";
import type { FiringAlertDto } from "@/lib/alerts";
import type { BullQueueDto } from "@/lib/bullmq";
import type { CeleryQueueDto, CeleryWorkerDto } from "@/lib/celery";
import type { InboxItemDto } from "@/lib/dead-letters";
import type { BrokerKind } from "@/lib/dto";
import { formatNumber, formatSeconds, plural } from "@/lib/format";
import type { RabbitQueueDto } from "@/lib/rabbitmq";
import { pages } from "@/lib/urls";
import type { SourceSampler } from "@/server/collector/sampler";
import { snapshotList } from "@/server/http/source-route";

// The overview's ranking. Each category has a weight (a source down outranks everything; a queue
// without a consumer comes after consumers falling behind); within one, the worse comes first.

const WEIGHT = { "source-down": 1000, "source-degraded": 700, alert: 600, "dead-letters-growing": 500, "falling-behind": 400, "worker-offline": 350, "no-consumer": 300, "dead-letters-held": 200 } as const;
/** Minutes behind from which a rising backlog is trouble. */
const BEHIND_SECONDS = 60;
/** Rows of one category per source; the rest are summed up in one more row. */
const MAX_PER_SOURCE = 20;

const magnitude = (n: number, scale: number) => Math.min(99, Math.round(Math.log10(1 + Math.max(0, n)) * scale));

type Item = AttentionItemDto;

function item(sampler: SourceSampler, category: Item["category"], severity: Severity, extra: number, id: string, title: string, detail: string, href: string): Item {
  const { source } = sampler;
  return { id: `${category}:${source.id}/${id}`, category, severity, score: WEIGHT[category] + extra, source: source.id, sourceName: source.name, kind: source.kind as BrokerKind, title, detail, href };
}

export function sourceHealthItems(sampler: SourceSampler): Item[] {
  const health = sampler.latest?.sample.health;
  const name = sampler.source.name;
  if (!health) return [];
  if (health.status === "down") return [item(sampler, "source-down", "critical", 0, "", `${name} is down`, health.error ?? "the broker does not answer", pages.source(sampler.source.id))];
  if (health.degraded) return [item(sampler, "source-degraded", "warning", 0, "", `${name} is degraded`, health.degraded, pages.source(sampler.source.id))];
  return [];
}

/** Growing dead letters rank high; letters that sit there without growing come last (someone should still look). */
/** Alerts firing on this source: a critical one ranks next to a source that is down. */
export function alertItems(sampler: SourceSampler, firing: FiringAlertDto[]): Item[] {
  const extra: Record<Severity, number> = { critical: 90, warning: 50, info: 0 };
  return firing
    .filter((a) => a.source === sampler.source.id)
    .map((a) => {
      const what = a.entity ? `${a.entity}: ` : "";
      return item(sampler, "alert", a.severity, extra[a.severity], `${a.ruleId}/${a.entity}`, `Alert: ${a.name}`, `${what}${a.metric} ${formatNumber(a.value)} ${a.op} ${formatNumber(a.threshold)} since ${a.since}`, pages.alerts());
    });
}

export function deadLetterItems(sampler: SourceSampler, inbox: InboxItemDto[]): Item[] {
  const mine = inbox.filter((d) => d.source === sampler.source.id);
  const reason = (d: InboxItemDto) => (d.reasons[0] ? `; top reason: ${d.reasons[0].signature}` : "");
  const growing = mine
    .filter((d) => (d.growthPerHour ?? 0) > 0)
    .map((d) => {
      const growth = d.growthPerHour!;
      return item(sampler, "dead-letters-growing", growth >= 100 ? "critical" : "warning", magnitude(growth, 30), d.where, `Dead letters growing in ${d.where}`, `+${formatNumber(growth)} in the last hour, ${formatNumber(d.count)} held${reason(d)}`, d.href);
    });
  const held = mine
    .filter((d) => (d.growthPerHour ?? 0) <= 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, MAX_PER_SOURCE)
    .map((d) => item(sampler, "dead-letters-held", "info", magnitude(d.count, 15), d.where, `${plural(d.count, "dead letter")} in ${d.where}`, `${d.growthPerHour === null ? "too little history yet to tell whether it grows" : "not growing in the last hour"}${reason(d)}`, d.href));
  return [...growing, ...held];
}

export function behindItems(sampler: SourceSampler, behind: ConsumerBehindDto[]): Item[] {
  return behind
    .filter((b) => b.stalled || (b.trend === "rising" && (b.secondsBehind ?? 0) >= BEHIND_SECONDS))
    .map((b) => {
      const detail = b.stalled
        ? `nothing consumed lately; ${plural(b.backlog, "message")} waiting`
        : `${formatSeconds(b.secondsBehind)} behind and rising; ${plural(b.backlog, "message")} waiting`;
      return item(sampler, "falling-behind", b.stalled ? "critical" : "warning", magnitude(b.secondsBehind ?? b.backlog, 20), b.name, `${b.name} is falling behind`, detail, b.href);
    });
}

/** Queues holding messages that nobody consumes (dead-letter and delay queues are meant to). */
export function noConsumerItems(sampler: SourceSampler): Item[] {
  const id = sampler.source.id;
  let rows: { name: string; depth: number; href: string }[] = [];
  switch (sampler.source.kind) {
    case "rabbitmq":
      rows = snapshotList<RabbitQueueDto>(sampler, "queues")
        .items.filter((q) => (q.ready ?? 0) > 0 && q.consumers === 0 && !q.deadLetter?.isDeadLetterQueue && !q.deadLetter?.retry)
        .map((q) => ({ name: q.vhost === "/" ? q.name : `${q.vhost}/${q.name}`, depth: q.ready ?? 0, href: pages.rabbitQueue(id, q.vhost, q.name) }));
      break;
    case "bullmq":
      rows = snapshotList<BullQueueDto>(sampler, "queues")
        .items.filter((q) => q.depth > 0 && q.workers === 0 && !q.paused)
        .map((q) => ({ name: q.name, depth: q.depth, href: pages.bullQueue(id, q.name) }));
      break;
    case "celery": {
      const online = snapshotList<CeleryWorkerDto>(sampler, "workers").items.filter((w) => w.status === "online");
      rows = snapshotList<CeleryQueueDto>(sampler, "queues")
        .items.filter((q) => q.depth > 0 && !online.some((w) => w.queues.includes(q.name)))
        .map((q) => ({ name: q.name, depth: q.depth, href: pages.source(id) }));
      break;
    }
    case "kafka":
      return [];
  }
  rows.sort((a, b) => b.depth - a.depth || a.name.localeCompare(b.name));
  const items = rows
    .slice(0, MAX_PER_SOURCE)
    .map((r) => item(sampler, "no-consumer", "warning", magnitude(r.depth, 15), r.name, `${r.name} has no consumer`, `${plural(r.depth, "message")} waiting and nobody consuming`, r.href));
  const rest = rows.slice(MAX_PER_SOURCE);
  if (rest.length) {
    const depth = rest.reduce((n, r) => n + r.depth, 0);
    items.push(item(sampler, "no-consumer", "info", 0, "(more)", `${plural(rest.length, "more queue")} with no consumer`, `${plural(depth, "message")} waiting in them`, pages.source(id)));
  }
  return items;
}

export function offlineWorkerItems(sampler: SourceSampler): Item[] {
  if (sampler.source.kind !== "celery") return [];
  return snapshotList<CeleryWorkerDto>(sampler, "workers")
    .items.filter((w) => w.status === "offline")
    .map((w) => item(sampler, "worker-offline", "warning", 0, w.hostname, `Worker ${w.hostname} is offline`, w.lastSeenAt ? `last heard from at ${w.lastSeenAt}` : "no heartbeat", pages.source(sampler.source.id)));
}

export function rank(items: Item[]): Item[] {
  return items.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
}
