// The one builder of series keys: the `entity` of every point the collector stores and the
// series routes read. Ids are the ones the API's list items carry, so a key built from a list
// item finds its series.
//
// What the collector writes each tick, per kind and entity (server/brokers/*/map.ts, celery/adapter.ts):
//   RabbitMQ  queue:<queue id>  depth (messages), in and out (msg/s)
//             vhost:<vhost id>  depth, in, out: the sums over the vhost's queues
//             "" (source)       messages
//   BullMQ    queue:<queue id>  depth, active, completed, failed (jobs in each set);
//                               completedTotal, failedTotal (BullMQ's own counters, when workers record metrics)
//   Kafka     topic:<name>      messages (retained offsets), produceRate (msg/s, from the 2nd tick)
//             group:<group id>  lag (messages), lagSeconds (s, when known), consumeRate (msg/s, from the 2nd tick)
//             "" (source)       messages, lag (sums over topics and groups)
//   Celery    queue:<name>      depth (messages waiting)
//             "" (source)       active (tasks running)
//   Every kind, "" (source): depth, throughput (per second) and deadLetters, the overview's numbers
//             (lib/overview.ts; defined per kind in server/collector/source-totals.ts)

import { z } from "zod";
import { seriesQuerySchema } from "./schemas";

/** Longest entity key a series route accepts (queue ids are base64url of vhost + name). */
export const SERIES_ENTITY_MAX = 1024;

export const seriesKey = {
  /** A queue by the opaque id its list item carries (RabbitMQ, BullMQ) or its name (Celery). */
  queue: (id: string) => `queue:${id}`,
  /** A Kafka consumer group by its id. */
  group: (id: string) => `group:${id}`,
  /** A Kafka topic by its name. */
  topic: (name: string) => `topic:${name}`,
  /** A RabbitMQ vhost by its id (base64url of the vhost name, lib/rabbitmq.ts vhostIdOf). */
  vhost: (id: string) => `vhost:${id}`,
  /** The source as a whole. */
  source: () => "",
} as const;

/** How a query string names the source level: an empty `entity=` is left out of URLs (lib/urls.ts withQuery). */
export const SOURCE_ENTITY_PARAM = "source";

/** "" or "source" (the source), or `<kind>:<id>` with a kind the builder above makes. */
const ENTITY = /^(?:|source|(?:queue|group|topic|vhost):.+)$/s;

/** GET /api/v1/sources/{id}/series: any written series by its key, metric and time as everywhere. */
export const entitySeriesQuerySchema = seriesQuerySchema.safeExtend({
  entity: z
    .string()
    .max(SERIES_ENTITY_MAX)
    .regex(ENTITY, 'a series key: "source" (or "") for the source, or queue:<id>, group:<id>, topic:<name>, vhost:<id>')
    .transform((e) => (e === SOURCE_ENTITY_PARAM ? seriesKey.source() : e)),
});
