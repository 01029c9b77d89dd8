import "server-only";
import type { BrokerKind } from "@/lib/dto";
import type { InboxDto, InboxItemDto, InboxQuery, InboxSourceDto } from "@/lib/dead-letters";
import type { Runtime } from "@/server/runtime";
import type { SourceSampler } from "@/server/collector/sampler";
import type { InboxReader } from "./context";
import { rabbitmqInbox } from "./rabbitmq";
import { kafkaInbox } from "./kafka";
import { bullmqInbox } from "./bullmq";
import { celeryInbox } from "./celery";

const READERS: Record<BrokerKind, InboxReader> = { rabbitmq: rabbitmqInbox, kafka: kafkaInbox, bullmq: bullmqInbox, celery: celeryInbox };

const WATCHES: Record<BrokerKind, string> = {
  rabbitmq: "dead-letter queues (queues another queue dead-letters into)",
  kafka: "dead-letter topics (by name, e.g. *.DLT, *-dlq, and by origin headers)",
  bullmq: "failed jobs of every queue",
  celery: "failed tasks in the task history",
};

const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();

function matches(item: InboxItemDto, q: InboxQuery): InboxItemDto | undefined {
  if (q.origin && !lower(item.origin).includes(lower(q.origin)) && !lower(item.where).includes(lower(q.origin))) return undefined;
  if (!q.reason) return item;
  const r = lower(q.reason);
  const reasons = item.reasons.filter((x) => lower(x.signature).includes(r) || lower(x.example).includes(r));
  return reasons.length ? { ...item, reasons } : undefined;
}

/** Every source's dead letters, growing first, then the largest; one failing source does not hide the others. */
export async function readInbox(rt: Runtime, q: InboxQuery, now = Date.now()): Promise<InboxDto> {
  const samplers = [...rt.collector.samplers.values()].filter((s) => (!q.source || s.source.id === q.source) && (!q.kind || s.source.kind === q.kind));
  const sources: InboxSourceDto[] = samplers.map((s: SourceSampler) => ({
    source: s.source.id,
    name: s.source.name,
    kind: s.source.kind,
    status: s.latest?.sample.health.status ?? "down",
    watches: WATCHES[s.source.kind],
  }));
  const lists = await Promise.all(samplers.map((sampler) => READERS[sampler.source.kind]({ rt, sampler, now }).catch(() => [] as InboxItemDto[])));
  const items = lists
    .flat()
    .filter((i) => i.count > 0)
    .map((i) => matches(i, q))
    .filter((i): i is InboxItemDto => i !== undefined)
    .sort((a, b) => Math.max(0, b.growthPerHour ?? 0) - Math.max(0, a.growthPerHour ?? 0) || b.count - a.count || a.id.localeCompare(b.id));
  return { items, sources };
}
