import { route } from "@/server/http/route";
import { groupParamsSchema } from "@/lib/kafka";
import { seriesQuerySchema } from "@/lib/schemas";
import { seriesKey } from "@/lib/series-key";
import { seriesFor } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** A consumer group's lag over time (metric=lag), from the collector's store. */
export const GET = route({ role: "viewer", params: groupParamsSchema, query: seriesQuerySchema }, async ({ rt, params, query }) =>
  seriesFor(rt, params.source, seriesKey.group(params.group), query, "consumerGroups"),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
