import { route } from "@/server/http/route";
import { auditQuerySchema } from "@/lib/schemas";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", query: auditQuerySchema }, async ({ rt, query }) =>
  rt.audit.list({ limit: query.limit, before: query.cursor, source: query.source, action: query.action, from: query.from, to: query.to }),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
