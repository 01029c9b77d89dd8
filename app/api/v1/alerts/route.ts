import { route } from "@/server/http/route";
import { methodNotAllowed } from "@/server/http/errors";
import { sourceVisibility, visibleSourceIds } from "@/server/auth/access";
import { alertHistoryQuerySchema, type AlertsDto } from "@/lib/alerts";

export const dynamic = "force-dynamic";

/** Firing now, and the history of state changes (newest first, paged by id). */
export const GET = route({ role: "viewer", query: alertHistoryQuerySchema }, async ({ rt, principal, query }): Promise<AlertsDto> => {
  const sees = sourceVisibility(rt, principal);
  const sources = visibleSourceIds(rt, principal);
  return {
    firing: rt.alerts.firing().filter((a) => sees(a.source)),
    history: await rt.alerts.store.listEvents({ limit: query.limit, ...(query.cursor ? { before: query.cursor } : {}), ...(sources ? { sources } : {}) }),
  };
});

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
