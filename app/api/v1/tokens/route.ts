import { route } from "@/server/http/route";
import { actionRoute } from "@/server/http/action-route";
import { createTokenSchema, requestedGrants } from "@/lib/schemas";
import { allSources, describeGrants } from "@/lib/grants";
import { methodNotAllowed } from "@/server/http/errors";
import { invalid } from "@/server/errors";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async ({ rt }) => ({ items: await rt.tokens.list() }));

/** The token is in this response only; QueueDeck keeps its hash. */
export const POST = actionRoute(
  {
    action: "token.create",
    role: "admin",
    body: createTokenSchema,
    audit: ({ body }) => ({
      target: body.name,
      params: { ...(body.grants ? { grants: describeGrants(body.grants) } : { role: body.role ?? "operator" }), ...(body.expiresInDays ? { expiresInDays: body.expiresInDays } : {}), ...(body.expiresAt ? { expiresAt: body.expiresAt } : {}) },
    }),
  },
  async ({ rt, principal, body }) => {
    const now = Date.now();
    const expires = body.expiresInDays ? now + body.expiresInDays * 86_400_000 : body.expiresAt ? Date.parse(body.expiresAt) : undefined;
    if (expires !== undefined && expires <= now) throw invalid("expiresAt must be in the future");
    const expiresAt = expires === undefined ? undefined : new Date(expires).toISOString();
    const { token, info } = await rt.tokens.create(body.name, requestedGrants(body) ?? allSources("operator"), principal.actor, expiresAt, now);
    return { result: Response.json({ token, ...info }, { status: 201 }) };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET", "POST");
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
