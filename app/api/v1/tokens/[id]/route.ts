import { z } from "zod";
import { actionRoute } from "@/server/http/action-route";
import { methodNotAllowed } from "@/server/http/errors";
import { notFound } from "@/server/errors";

export const dynamic = "force-dynamic";

export const DELETE = actionRoute(
  {
    action: "token.revoke",
    role: "admin",
    params: z.object({ id: z.coerce.number().int().positive() }),
    // The id, not the name: viewers read the audit log but may not list tokens.
    audit: ({ params }) => ({ target: String(params.id) }),
  },
  async ({ rt, params }) => {
    if (!(await rt.tokens.revoke(params.id))) throw notFound(`token ${params.id}`);
    return { result: { ok: true } };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("DELETE");
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
