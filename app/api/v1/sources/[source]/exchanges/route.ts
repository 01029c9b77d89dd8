import { route } from "@/server/http/route";
import { sourceParamsSchema } from "@/lib/schemas";
import { snapshotListFor } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Exchanges with their bindings and the queues that dead-letter into them, from the snapshot. */
export const GET = route({ role: "viewer", params: sourceParamsSchema }, async ({ rt, params }) =>
  snapshotListFor(rt, params.source, "publish", "exchanges"),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
