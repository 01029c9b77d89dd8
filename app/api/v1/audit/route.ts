import { route } from "@/server/http/route";
import { auditQuerySchema } from "@/lib/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", query: auditQuerySchema }, async ({ rt, query }) =>
  rt.audit.list({ limit: query.limit, before: query.cursor, source: query.source, action: query.action }),
);
