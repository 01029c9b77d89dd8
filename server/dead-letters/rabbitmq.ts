import "server-only";
import type { RabbitQueueDto } from "@/lib/rabbitmq";
import { seriesKey } from "@/lib/series-key";
import { pages } from "@/lib/urls";
import { snapshotList } from "@/server/http/source-route";
import { growthPerHour, type InboxReader } from "./context";
import type { LearntReasons } from "./learnt-reasons";

const NEVER_READ = "x-death reasons are read by peeking the queue (a peek requeues the messages and marks them redelivered)";

/** "from the last peek at 17:02:11 UTC, 10 of 40 messages" */
function learntNote(l: LearntReasons): string {
  const at = new Date(l.at).toISOString().slice(11, 19);
  return `from the last ${l.how} at ${at} UTC, ${l.read} of ${l.depth ?? "?"} messages`;
}

/**
 * Dead-letter queues from the snapshot's topology. Their reasons (x-death) sit in the messages,
 * and reading those requeues them (a redelivery): the inbox does not; it shows what the queue's
 * last peek (or replay) learnt, kept per queue in the store by rt.learntReasons.
 */
export const rabbitmqInbox: InboxReader = async (ctx) => {
  const { source } = ctx.sampler;
  const queues = snapshotList<RabbitQueueDto>(ctx.sampler, "queues").items.filter((q) => q.deadLetter?.isDeadLetterQueue);
  const learntByQueue = queues.length ? await ctx.rt.learntReasons.forSource(source.id) : new Map<string, LearntReasons>();
  return Promise.all(
    queues.map(async (q) => {
      const learnt = learntByQueue.get(q.id);
      return {
        id: `${source.id}/${q.id}`,
        source: source.id,
        sourceName: source.name,
        kind: "rabbitmq" as const,
        where: q.vhost === "/" ? q.name : `${q.vhost}/${q.name}`,
        origin: q.deadLetter.origins.length ? q.deadLetter.origins.join(", ") : null,
        count: q.depth ?? 0,
        oldestAt: null,
        growthPerHour: await growthPerHour(ctx, seriesKey.queue(q.id), "depth"),
        reasons: learnt?.reasons.slice(0, 5) ?? [],
        reasonsFrom: learnt?.read ?? 0,
        reasonsNote: learnt ? learntNote(learnt) : NEVER_READ,
        ...(learnt ? { reasonsAt: new Date(learnt.at).toISOString() } : {}),
        href: pages.rabbitQueue(source.id, q.vhost, q.name),
      };
    }),
  );
};
