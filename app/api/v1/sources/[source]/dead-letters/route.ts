import { route } from "@/server/http/route";
import { sourceParamsSchema } from "@/lib/schemas";
import { queueIdOf, type DeadLetterQueueDto, type RabbitQueueDto } from "@/lib/rabbitmq";
import { snapshotList, sourceWith } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Dead-letter queues with their origin queues and counts, from the collector's snapshot. */
export const GET = route({ role: "viewer", params: sourceParamsSchema }, async ({ rt, params }) => {
  const { items, sampledAt } = snapshotList<RabbitQueueDto>(sourceWith(rt, params.source, "deadLetters").sampler, "queues");
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
