import { actionRoute } from "@/server/http/action-route";
import { userParamsSchema } from "@/lib/schemas";
import { methodNotAllowed } from "@/server/http/errors";
import { notFound } from "@/server/errors";

export const dynamic = "force-dynamic";

/** Signs the user out everywhere (the caller's own session too, if it is the caller). */
export const DELETE = actionRoute(
  { action: "user.sessions.revoke", role: "admin", params: userParamsSchema, audit: ({ params }) => ({ target: params.username }) },
  async ({ rt, params }) => {
    const user = await rt.users.find(params.username);
    if (!user) throw notFound(`user "${params.username}"`);
    const ended = await rt.sessions.revokeUser(user.username);
    return { result: { ended }, counts: { sessionsEnded: ended } };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("DELETE");
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
