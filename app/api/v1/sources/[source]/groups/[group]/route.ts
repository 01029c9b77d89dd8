import { groupParamsSchema } from "@/lib/kafka";
import { actionRoute } from "@/server/http/action-route";
import { methodNotAllowed } from "@/server/http/errors";
import { groupDetailFor } from "@/server/http/group-routes";
import { route } from "@/server/http/route";
import { opsOf } from "@/server/http/source-route";

export const dynamic = "force-dynamic";

/** Live: members, and per partition committed, end, lag and lag in seconds; rates from the snapshot. */
export const GET = route({ role: "viewer", params: groupParamsSchema }, async ({ rt, params }) =>
  groupDetailFor(rt, params.source, params.group),
);

/** Deletes the group and its committed offsets: admin, and only while the group is Empty (409 otherwise). */
export const DELETE = actionRoute(
  {
    action: "group.delete",
    role: "admin",
    params: groupParamsSchema,
    audit: ({ params }) => ({ source: params.source, target: params.group }),
  },
  async ({ rt, params }) => ({ result: await opsOf(rt, params.source, "offsetReset").deleteGroup(params.group) }),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET", "DELETE");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
