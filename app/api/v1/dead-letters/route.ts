import { route } from "@/server/http/route";
import { inboxQuerySchema } from "@/lib/dead-letters";
import { methodNotAllowed } from "@/server/http/errors";
import { notFound } from "@/server/errors";
import { readInbox } from "@/server/dead-letters/inbox";

export const dynamic = "force-dynamic";

/** The dead-letter inbox across every source: GET /api/v1/dead-letters?source=&kind=&origin=&reason= */
export const GET = route({ role: "viewer", query: inboxQuerySchema }, async ({ rt, query }) => {
  if (query.source && !rt.collector.samplers.has(query.source)) throw notFound(`source "${query.source}"`);
  return readInbox(rt, query);
});

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
