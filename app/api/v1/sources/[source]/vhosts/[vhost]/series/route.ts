import { z } from "zod";
import { route } from "@/server/http/route";
import { seriesQuerySchema } from "@/lib/schemas";
import { sourceWith } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

const params = z.object({ source: z.string().min(1).max(63), vhost: z.string().regex(/^[A-Za-z0-9_-]{1,1024}$/, "a vhost id (base64url)") });

/** Per-vhost totals (depth, in, out) from the collector's store, like the queue series. */
export const GET = route({ role: "viewer", params, query: seriesQuerySchema }, async ({ rt, params, query }) => {
  sourceWith(rt, params.source, "queues");
  const to = query.to ?? Date.now();
  const from = query.from ?? to - 60 * 60_000;
  return { metric: query.metric, from, to, points: rt.series.query(params.source, `vhost:${params.vhost}`, query.metric, from, to) };
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
