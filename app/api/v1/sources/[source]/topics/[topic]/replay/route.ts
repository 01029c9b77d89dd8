import { topicParamsSchema } from "@/lib/kafka";
import { kafkaReplayBodySchema } from "@/lib/kafka-dead-letters";
import { operationRoute } from "@/server/http/action-route";
import { prepareTopicReplay, replayAuditParams, replayFinalCounts } from "@/server/http/topic-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** A dead-letter topic back to its origin (or a chosen topic), at least once: a background operation. */
export const POST = operationRoute(
  {
    action: "topic.replay",
    kind: () => "replay",
    params: topicParamsSchema,
    body: kafkaReplayBodySchema,
    audit: ({ params, body }) => ({ source: params.source, target: params.topic, params: replayAuditParams(body) }),
    finalCounts: replayFinalCounts,
  },
  ({ rt, params, body }) => prepareTopicReplay(rt, params.source, params.topic, body),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
