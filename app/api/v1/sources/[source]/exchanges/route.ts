import { route } from "@/server/http/route";
import { sourceParamsSchema } from "@/lib/schemas";
import { snapshotList, sourceWith } from "@/server/http/source-route";

export const dynamic = "force-dynamic";

/** Exchanges with their bindings and the queues that dead-letter into them, from the snapshot. */
export const GET = route({ role: "viewer", params: sourceParamsSchema }, async ({ rt, params }) =>
  snapshotList(sourceWith(rt, params.source, "publish").sampler, "exchanges"),
);
