import { route } from "@/server/http/route";
import { sourceParamsSchema } from "@/lib/schemas";
import { snapshotList, sourceWith } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Served from the collector's snapshot: more browser tabs never mean more broker calls. */
export const GET = route({ role: "viewer", params: sourceParamsSchema }, async ({ rt, params }) =>
  snapshotList(sourceWith(rt, params.source, "queues").sampler, "queues"),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
