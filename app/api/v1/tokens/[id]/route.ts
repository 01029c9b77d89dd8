import { z } from "zod";
import { route } from "@/server/http/route";
import { runAction } from "@/server/actions/run-action";
import { methodNotAllowed } from "@/server/http/errors";
import { notFound } from "@/server/errors";

export const dynamic = "force-dynamic";

export const DELETE = route(
  { role: "admin", params: z.object({ id: z.coerce.number().int().positive() }) },
  async ({ rt, principal, params }) =>
    runAction(
      rt,
      principal,
      { action: "token.revoke", target: String(params.id), role: "admin" },
      async () => {
        if (!rt.tokens.revoke(params.id)) throw notFound(`token ${params.id}`);
        return { result: { ok: true } };
      },
    ),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("DELETE");
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
