import { route } from "@/server/http/route";
import { inboxQuerySchema } from "@/lib/dead-letters";
import { methodNotAllowed } from "@/server/http/errors";
import { sourceVisibility } from "@/server/auth/access";
import { notFound } from "@/server/errors";
import { readInbox } from "@/server/dead-letters/inbox";

export const dynamic = "force-dynamic";

/** The dead-letter inbox across every source: GET /api/v1/dead-letters?source=&kind=&origin=&reason= */
export const GET = route({ role: "viewer", query: inboxQuerySchema }, async ({ rt, principal, query }) => {
  const sees = sourceVisibility(rt, principal);
  if (query.source && (!rt.collector.samplers.has(query.source) || !sees(query.source))) throw notFound(`source "${query.source}"`);
  const inbox = await readInbox(rt, query);
  return { ...inbox, items: inbox.items.filter((i) => sees(i.source)), sources: inbox.sources.filter((s) => sees(s.source)) };
});

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
