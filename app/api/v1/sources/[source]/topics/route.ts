import { route } from "@/server/http/route";
import { sourceParamsSchema } from "@/lib/schemas";
import { snapshotListFor } from "@/server/http/source-route";

export const dynamic = "force-dynamic";

/** From the collector's snapshot: no broker call per request. */
export const GET = route({ role: "viewer", params: sourceParamsSchema }, async ({ rt, params }) =>
  snapshotListFor(rt, params.source, "consumerGroups", "topics"),
);
