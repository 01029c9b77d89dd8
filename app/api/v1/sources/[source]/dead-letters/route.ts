import { route } from "@/server/http/route";
import { sourceParamsSchema } from "@/lib/schemas";
import type { DeadLetterScanDto, DeadLetterTopicItemDto } from "@/lib/kafka-dead-letters";
import { queueIdOf, type DeadLetterQueueDto, type RabbitQueueDto } from "@/lib/rabbitmq";
import { snapshotList, sourceWith } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";
import { taskHistoryOf } from "@/server/http/task-routes";

export const dynamic = "force-dynamic";

/**
 * Dead letters from the collector's snapshot: RabbitMQ's dead-letter queues with their origin
 * queues and counts, or, for a source whose tick lists `dead-letters` (Kafka), its dead-letter
 * topics with count, oldest, origin and top exceptions, and how far the last scan read; for
 * Celery, its failed tasks by task name from the task history (the store, not the broker).
 */
export const GET = route({ role: "viewer", params: sourceParamsSchema }, async ({ rt, params }) => {
  const { sampler } = sourceWith(rt, params.source, "deadLetters");
  if (sampler.adapter.kind === "celery") return { items: await taskHistoryOf(rt, params.source).failures(params.source) };
  if (sampler.adapter.views.includes("topics")) {
    // `scan`: how far the last (budget-capped) scan read; rows it did not reach carry an older scannedAt.
    const [last] = snapshotList<DeadLetterScanDto & { id: string }>(sampler, "dead-letter-scan").items;
    const scan: DeadLetterScanDto | undefined = last && { candidates: last.candidates, read: last.read, records: last.records, bytes: last.bytes, ms: last.ms, stoppedBy: last.stoppedBy, resumeAfter: last.resumeAfter, at: last.at };
    return { ...snapshotList<DeadLetterTopicItemDto>(sampler, "dead-letters"), ...(scan ? { scan } : {}) };
  }
  const { items, sampledAt } = snapshotList<RabbitQueueDto>(sampler, "queues");
  const dlqs: DeadLetterQueueDto[] = items
    .filter((q) => q.deadLetter?.isDeadLetterQueue)
    .map((q) => ({
      id: q.id,
      name: q.name,
      vhost: q.vhost,
      type: q.type,
      depth: q.depth,
      origins: q.deadLetter.origins.map((name) => ({ name, id: queueIdOf(q.vhost, name) })),
      rates: { in: q.rates.in, out: q.rates.out },
    }))
    .sort((a, b) => (b.depth ?? 0) - (a.depth ?? 0) || a.name.localeCompare(b.name));
  return { items: dlqs, ...(sampledAt ? { sampledAt } : {}) };
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
