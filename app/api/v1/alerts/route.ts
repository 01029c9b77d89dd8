import { route } from "@/server/http/route";
import { methodNotAllowed } from "@/server/http/errors";
import { alertHistoryQuerySchema, type AlertsDto } from "@/lib/alerts";

export const dynamic = "force-dynamic";

/** Firing now, and the history of state changes (newest first, paged by id). */
export const GET = route({ role: "viewer", query: alertHistoryQuerySchema }, async ({ rt, query }): Promise<AlertsDto> => ({
  firing: rt.alerts.firing(),
  history: await rt.alerts.store.listEvents({ limit: query.limit, ...(query.cursor ? { before: query.cursor } : {}) }),
}));

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
