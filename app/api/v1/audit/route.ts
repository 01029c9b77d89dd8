import { route } from "@/server/http/route";
import { auditQuerySchema } from "@/lib/schemas";
import { methodNotAllowed } from "@/server/http/errors";
import { visibleSourceIds } from "@/server/auth/access";

export const dynamic = "force-dynamic";

/** A caller whose grants name sources sees the rows about those sources only; rows about accounts and tokens need a "*" grant. */
export const GET = route({ role: "viewer", query: auditQuerySchema }, async ({ rt, principal, query }) => {
  const sources = visibleSourceIds(rt, principal);
  return rt.audit.list({ limit: query.limit, before: query.cursor, source: query.source, ...(sources ? { sources } : {}), action: query.action, from: query.from, to: query.to });
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
