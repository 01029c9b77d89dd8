import { route } from "@/server/http/route";
import { sourceParamsSchema } from "@/lib/schemas";
import { getSampler, summarize } from "@/server/sources";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: sourceParamsSchema }, async ({ rt, params }) =>
  summarize(getSampler(rt, params.source)),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
