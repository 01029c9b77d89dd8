import { route } from "@/server/http/route";
import { topicParamsSchema } from "@/lib/kafka";
import { topicPage } from "@/server/http/topic-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** The topic page: partitions (leader, replicas, ISR, offsets), configs, and the groups reading it. */
export const GET = route({ role: "viewer", params: topicParamsSchema }, async ({ rt, params }) => topicPage(rt, params.source, params.topic));

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
