import { purgeBodySchema, topicParamsSchema } from "@/lib/kafka";
import { actionRoute } from "@/server/http/action-route";
import { opsOf } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** DeleteRecords up to an offset per partition, or the whole topic (admin); 409 on a compacted topic. */
export const POST = actionRoute(
  {
    action: "topic.purge",
    role: "admin",
    params: topicParamsSchema,
    body: purgeBodySchema,
    audit: ({ params, body }) => ({ source: params.source, target: params.topic, params: { partitions: body.partitions ?? "all" } }),
  },
  async ({ rt, params, body }) => {
    const result = await opsOf(rt, params.source, "topicPurge").purgeTopic(params.topic, body);
    return { result, counts: { deleted: result.deleted } };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
