import { route } from "@/server/http/route";
import { actionRoute } from "@/server/http/action-route";
import { createTokenSchema } from "@/lib/schemas";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async ({ rt }) => ({ items: rt.tokens.list() }));

/** The token is in this response only; QueueDeck keeps its hash. */
export const POST = actionRoute(
  { action: "token.create", role: "admin", body: createTokenSchema, audit: ({ body }) => ({ target: body.name, params: { role: body.role } }) },
  async ({ rt, principal, body }) => {
    const { token, info } = rt.tokens.create(body.name, body.role, principal.actor);
    return { result: Response.json({ token, ...info }, { status: 201 }) };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET", "POST");
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
