import { z } from "zod";
import { route } from "@/server/http/route";
import { seriesQuerySchema, sourceParamsSchema } from "@/lib/schemas";
import { seriesKey } from "@/lib/series-key";
import { seriesFor } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

const params = sourceParamsSchema.extend({ vhost: z.string().regex(/^[A-Za-z0-9_-]{1,1024}$/, "a vhost id (base64url)") });

/** Per-vhost totals (depth, in, out) from the collector's store, like the queue series. */
export const GET = route({ role: "viewer", params, query: seriesQuerySchema }, async ({ rt, params, query }) =>
  seriesFor(rt, params.source, seriesKey.vhost(params.vhost), query, "queues"),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
