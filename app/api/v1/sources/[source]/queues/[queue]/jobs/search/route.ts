import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { DEFAULT_SEARCH_STATES, searchQuerySchema } from "@/lib/bullmq";
import { jobOpsOf } from "@/server/http/job-routes";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * One bounded slice of a search (see server/brokers/bullmq/job-search.ts): call again with
 * nextCursor until done. Read-only, so viewers may search.
 */
export const GET = route({ role: "viewer", params: queueParamsSchema, query: searchQuerySchema }, async ({ rt, params, query }) =>
  jobOpsOf(rt, params.source).searchJobs(params.queue, {
    q: query.q,
    states: query.states ?? DEFAULT_SEARCH_STATES,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  }),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
