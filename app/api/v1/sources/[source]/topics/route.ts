import { route } from "@/server/http/route";
import { sourceParamsSchema } from "@/lib/schemas";
import { snapshotListFor } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** From the collector's snapshot: no broker call per request. */
export const GET = route({ role: "viewer", params: sourceParamsSchema }, async ({ rt, params }) =>
  snapshotListFor(rt, params.source, "topics", "topics"),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
