import { route } from "@/server/http/route";
import { browseQuerySchema, produceBodySchema, topicParamsSchema } from "@/lib/kafka";
import { requireTopicReads } from "@/server/brokers/adapter";
import { actionRoute } from "@/server/http/action-route";
import { opsOf, sourceWith } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Browse: bounded by messages, bytes and milliseconds; says how far it read. Joins no group. */
export const GET = route({ role: "viewer", params: topicParamsSchema, query: browseQuerySchema }, async ({ rt, params, query }) =>
  requireTopicReads(sourceWith(rt, params.source, "topics").adapter).browse(params.topic, query),
);

/** Produce one message (acks=all); where it landed goes in the answer and the audit. */
export const POST = actionRoute(
  {
    action: "topic.produce",
    params: topicParamsSchema,
    body: produceBodySchema,
    audit: ({ params, body }) => ({
      source: params.source,
      target: params.topic,
      params: { ...(body.partition !== undefined ? { partition: body.partition } : {}), headers: Object.keys(body.headers).length, bytes: body.value.length },
    }),
  },
  async ({ rt, params, body }) => {
    const result = await opsOf(rt, params.source, "produce").produce(params.topic, body);
    return { result, counts: { partition: result.partition, offset: result.offset } };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET", "POST");
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
