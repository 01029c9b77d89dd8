import "server-only";
import type { RabbitQueueDto } from "@/lib/rabbitmq";
import { seriesKey } from "@/lib/series-key";
import { pages } from "@/lib/urls";
import { snapshotList } from "@/server/http/source-route";
import { growthPerHour, type InboxReader } from "./context";

/**
 * Dead-letter queues from the snapshot's topology. Their reasons (x-death) sit in the messages,
 * and reading those requeues them (a redelivery): the inbox does not, the queue's peek does.
 */
export const rabbitmqInbox: InboxReader = async (ctx) => {
  const { source } = ctx.sampler;
  const queues = snapshotList<RabbitQueueDto>(ctx.sampler, "queues").items.filter((q) => q.deadLetter?.isDeadLetterQueue);
  return Promise.all(
    queues.map(async (q) => ({
      id: `${source.id}/${q.id}`,
      source: source.id,
      sourceName: source.name,
      kind: "rabbitmq" as const,
      where: q.vhost === "/" ? q.name : `${q.vhost}/${q.name}`,
      origin: q.deadLetter.origins.length ? q.deadLetter.origins.join(", ") : null,
      count: q.depth ?? 0,
      oldestAt: null,
      growthPerHour: await growthPerHour(ctx, seriesKey.queue(q.id), "depth"),
      reasons: [],
      reasonsFrom: 0,
      reasonsNote: "x-death reasons are read by peeking the queue (a peek requeues the messages and marks them redelivered)",
      href: pages.rabbitQueue(source.id, q.vhost, q.name),
    })),
  );
};
