import { route } from "@/server/http/route";
import { queueParamsSchema, seriesQuerySchema } from "@/lib/schemas";
import { seriesKey } from "@/lib/series-key";
import { seriesFor } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Chart points from the collector's store, at the finest resolution still kept for the range. */
export const GET = route({ role: "viewer", params: queueParamsSchema, query: seriesQuerySchema }, async ({ rt, params, query }) =>
  seriesFor(rt, params.source, seriesKey.queue(params.queue), query, "queues"),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
