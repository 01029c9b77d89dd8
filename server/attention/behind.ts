import "server-only";
import type { ConsumerBehindDto } from "@/lib/attention";
import type { BullQueueDto } from "@/lib/bullmq";
import type { CeleryQueueDto, CeleryWorkerDto } from "@/lib/celery";
import type { BrokerKind } from "@/lib/dto";
import type { KafkaGroupDto } from "@/lib/kafka";
import type { RabbitQueueDto } from "@/lib/rabbitmq";
import { seriesKey } from "@/lib/series-key";
import { pages } from "@/lib/urls";
import { snapshotList } from "@/server/http/source-route";
import { backlogHistory, counterRate, WINDOW_MS, type SourceContext } from "./history";
import { secondsAtRate } from "./trend";

// "Time behind" for every consumer with a backlog, one reader per kind. Rates come from the
// snapshot (RabbitMQ's ack rate, Kafka's lag clock) or from history the store keeps.

/** `drain`: the kind's own time-to-drain estimate (Kafka weighs both rates), else the backlog's history decides. */
type Behind = Omit<ConsumerBehindDto, "trend" | "timeToDrainSeconds"> & { entity: string; metric: string; drain?: number | null };

function row(ctx: SourceContext, kind: BrokerKind, name: string, r: Pick<Behind, "backlog" | "secondsBehind" | "stalled" | "basis" | "href" | "entity" | "metric" | "drain">): Behind {
  const { source } = ctx.sampler;
  return { id: `${source.id}/${name}`, source: source.id, sourceName: source.name, kind, name, ...r };
}

const rabbitmq = async (ctx: SourceContext): Promise<Behind[]> =>
  snapshotList<RabbitQueueDto>(ctx.sampler, "queues")
    .items.filter((q) => (q.consumers ?? 0) > 0 && (q.ready ?? 0) > 0)
    .map((q) => {
      const rate = q.rates.ack || q.rates.out;
      const backlog = q.ready ?? 0;
      return row(ctx, "rabbitmq", q.vhost === "/" ? q.name : `${q.vhost}/${q.name}`, {
        backlog,
        secondsBehind: secondsAtRate(backlog, rate),
        stalled: rate === 0,
        basis: `${backlog} ready / ${rate.toFixed(1)} acks per second`,
        href: pages.rabbitQueue(ctx.sampler.source.id, q.vhost, q.name),
        entity: seriesKey.queue(q.id),
        metric: "depth",
      });
    });

const kafka = async (ctx: SourceContext): Promise<Behind[]> =>
  snapshotList<KafkaGroupDto>(ctx.sampler, "groups")
    .items.filter((g) => g.lag > 0)
    .map((g) =>
      row(ctx, "kafka", g.groupId, {
        backlog: g.lag,
        secondsBehind: g.lagSeconds,
        stalled: g.consumeRate === 0,
        basis: "age of the oldest record not consumed yet",
        href: pages.kafkaGroup(ctx.sampler.source.id, g.groupId),
        entity: seriesKey.group(g.id),
        metric: "lag",
        drain: g.timeToDrainSeconds,
      }),
    );

const bullmq = async (ctx: SourceContext): Promise<Behind[]> => {
  const queues = snapshotList<BullQueueDto>(ctx.sampler, "queues").items.filter((q) => q.depth > 0 && (q.workers ?? 1) > 0);
  const rows: Behind[] = [];
  for (const q of queues) {
    const entity = seriesKey.queue(q.id);
    // BullMQ's own counter when workers record metrics, else the completed set's growth.
    const rate = (await counterRate(ctx, entity, "completedTotal")) ?? (await counterRate(ctx, entity, "completed"));
    rows.push(
      row(ctx, "bullmq", q.name, {
        backlog: q.depth,
        secondsBehind: secondsAtRate(q.depth, rate),
        stalled: rate === 0 && q.counts.active === 0,
        basis: rate === null ? "completion rate not known yet" : `${q.depth} waiting / ${rate.toFixed(2)} completed per second`,
        href: pages.bullQueue(ctx.sampler.source.id, q.name),
        entity,
        metric: "depth",
      }),
    );
  }
  return rows;
};

async function celery(ctx: SourceContext): Promise<Behind[]> {
  const workers = snapshotList<CeleryWorkerDto>(ctx.sampler, "workers").items.filter((w) => w.status === "online");
  const succeeded = await ctx.rt.celeryHistory.succeededByQueue(ctx.sampler.source.id, ctx.now - WINDOW_MS);
  return snapshotList<CeleryQueueDto>(ctx.sampler, "queues")
    .items.filter((q) => q.depth > 0 && workers.some((w) => w.queues.includes(q.name)))
    .map((q) => {
      const done = succeeded.get(q.name) ?? 0;
      const rate = done / (WINDOW_MS / 1000);
      return row(ctx, "celery", q.name, {
        backlog: q.depth,
        secondsBehind: secondsAtRate(q.depth, rate),
        stalled: done === 0,
        basis: `${q.depth} waiting / ${done} succeeded in the last 5 minutes`,
        href: pages.source(ctx.sampler.source.id),
        entity: seriesKey.queue(q.id),
        metric: "depth",
      });
    });
}

const READERS: Record<BrokerKind, (ctx: SourceContext) => Promise<Behind[]>> = { rabbitmq, kafka, bullmq, celery };
/** Trends (two store reads each) are worked out for the furthest behind only. */
const MAX_ROWS = 200;

/** Furthest behind first: stalled, then the most seconds, then the largest backlog. */
export async function consumersBehind(ctx: SourceContext): Promise<ConsumerBehindDto[]> {
  const furthest = (await READERS[ctx.sampler.source.kind](ctx))
    .sort((a, b) => Number(b.stalled) - Number(a.stalled) || (b.secondsBehind ?? -1) - (a.secondsBehind ?? -1) || b.backlog - a.backlog)
    .slice(0, MAX_ROWS);
  const out: ConsumerBehindDto[] = [];
  for (const { entity, metric, drain, ...r } of furthest) {
    const history = await backlogHistory(ctx, entity, metric, r.backlog);
    out.push({ ...r, ...history, ...(drain !== undefined ? { timeToDrainSeconds: drain ?? history.timeToDrainSeconds } : {}) });
  }
  return out;
}
