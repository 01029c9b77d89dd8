import "server-only";
import type { DeadLetterTopicItemDto } from "@/lib/kafka-dead-letters";
import { seriesKey } from "@/lib/series-key";
import { pages } from "@/lib/urls";
import { snapshotList } from "@/server/http/source-route";
import { growthPerHour, isoOrNull, type InboxReader } from "./context";

/** Dead-letter topics as the collector's bounded scan last saw them (count, oldest, origin, exceptions). */
export const kafkaInbox: InboxReader = async (ctx) => {
  const { source } = ctx.sampler;
  const topics = snapshotList<DeadLetterTopicItemDto>(ctx.sampler, "dead-letters").items;
  return Promise.all(topics.map(async (d) => ({
    id: `${source.id}/${d.topic}`,
    source: source.id,
    sourceName: source.name,
    kind: "kafka" as const,
    where: d.topic,
    origin: d.origin,
    count: d.count,
    oldestAt: isoOrNull(d.oldest),
    growthPerHour: await growthPerHour(ctx, seriesKey.topic(d.topic), "messages"),
    reasons: d.topReasons,
    reasonsFrom: d.sampled,
    reasonsNote: d.sampled ? `from the newest ${d.sampled} records the collector's scan read` : "no record read yet (the scan is bounded per tick)",
    href: pages.kafkaTopic(source.id, d.topic),
  })));
};
