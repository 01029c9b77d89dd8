import { route } from "@/server/http/route";
import { methodNotAllowed } from "@/server/http/errors";
import { overviewSeries } from "@/server/http/overview-series";
import { overviewSeriesQuerySchema } from "@/lib/overview";
import { sourceVisibility } from "@/server/auth/access";

export const dynamic = "force-dynamic";

/** GET /api/v1/overview/series?metric=depth|throughput|deadLetters&range=1h&points=300: every source's points at once. */
export const GET = route({ role: "viewer", query: overviewSeriesQuerySchema }, async ({ rt, principal, query }) => overviewSeries(rt, query, sourceVisibility(rt, principal)));

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
