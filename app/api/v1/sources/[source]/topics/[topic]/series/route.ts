import { route } from "@/server/http/route";
import { topicParamsSchema } from "@/lib/kafka";
import { seriesQuerySchema } from "@/lib/schemas";
import { seriesKey } from "@/lib/series-key";
import { seriesFor } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** A topic's retained messages over time (metric=messages), from the collector's store. */
export const GET = route({ role: "viewer", params: topicParamsSchema, query: seriesQuerySchema }, async ({ rt, params, query }) =>
  seriesFor(rt, params.source, seriesKey.topic(params.topic), query, "topics"),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
