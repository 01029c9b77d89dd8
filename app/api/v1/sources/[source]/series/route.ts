import { route } from "@/server/http/route";
import { sourceParamsSchema } from "@/lib/schemas";
import { entitySeriesQuerySchema } from "@/lib/series-key";
import { seriesFor } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * Any series the collector writes, by its key (lib/series-key.ts): the source's own totals
 * (entity=""), a queue, a vhost, a Kafka group or topic. Needs no capability: every kind writes series.
 */
export const GET = route({ role: "viewer", params: sourceParamsSchema, query: entitySeriesQuerySchema }, async ({ rt, params, query }) =>
  seriesFor(rt, params.source, query.entity, query),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
