import { groupParamsSchema, offsetResetSchema } from "@/lib/kafka";
import { actionRoute } from "@/server/http/action-route";
import { methodNotAllowed } from "@/server/http/errors";
import { resetAudit } from "@/server/http/group-routes";
import { opsOf } from "@/server/http/source-route";

export const dynamic = "force-dynamic";

/**
 * Offset reset of the whole group, one topic, or chosen partitions. dryRun answers per partition
 * current -> target and the new lag and changes nothing; applying is refused with 409 unless the
 * group is Empty or Dead. Operator role either way; the audit row keeps the offsets before and after.
 */
export const POST = actionRoute(
  {
    action: "group.offsets.reset",
    params: groupParamsSchema,
    body: offsetResetSchema,
    audit: ({ params, body }) => ({
      source: params.source,
      target: params.group,
      params: {
        to: body.to,
        dryRun: body.dryRun,
        ...(body.topic !== undefined ? { topic: body.topic } : {}),
        ...(body.partitions ? { partitions: body.partitions } : {}),
      },
    }),
  },
  async ({ rt, params, body }) => {
    const result = await opsOf(rt, params.source, "offsetReset").resetOffsets(params.group, body);
    return { result: { partitions: result.partitions, dryRun: result.dryRun }, ...resetAudit(result) };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
