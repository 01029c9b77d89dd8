import { route } from "@/server/http/route";
import { createTokenSchema } from "@/lib/schemas";
import { runAction } from "@/server/actions/run-action";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async ({ rt }) => ({ items: rt.tokens.list() }));

/** The token is in this response only; QueueDeck keeps its hash. */
export const POST = route({ role: "admin", body: createTokenSchema }, async ({ rt, principal, body }) =>
  runAction(
    rt,
    principal,
    { action: "token.create", target: body.name, params: { role: body.role }, role: "admin" },
    async () => {
      const { token, info } = rt.tokens.create(body.name, body.role, principal.actor);
      return { result: Response.json({ token, ...info }, { status: 201 }) };
    },
  ),
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET", "POST");
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
